from django.urls import include, path

from . import views

app_name = "vetting"

urlpatterns = [
    path("", views.home, name="home"),
    path("screening/", include("vetting.screening_urls")),
    path("clearances/", include("vetting.clearance_urls")),
    path("withdrawals/", include("vetting.withdrawal_urls")),
]
