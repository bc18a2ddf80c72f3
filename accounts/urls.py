from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/verify/", views.verify, name="verify"),
    path("sign-in/set-up-authenticator/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("accounts/locked/", views.locked, name="locked"),
    path("accounts/locked/unlock/", views.unlock, name="unlock"),
]
