"""Part C: the oversight reader's pages (the local policing body)."""

from django.urls import path

from . import views_oversight

urlpatterns: list = [
    path("oversight/", views_oversight.oversight_home, name="oversight-home"),
    path("oversight/suspensions/", views_oversight.oversight_suspensions, name="oversight-suspensions"),
    path("oversight/hearings/", views_oversight.oversight_hearings, name="oversight-hearings"),
]
