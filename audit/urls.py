from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("exports/", views.exports, name="exports"),
    path("exports/check/", views.export_check_view, name="export-check"),
]
