from django.urls import path

from . import views

app_name = "law"
urlpatterns = [path("", views.rules, name="rules")]
