from django.urls import path

from . import timeliness_views

urlpatterns: list = [
    path("timeliness/", timeliness_views.timeliness, name="timeliness"),
    path("timeliness/refresh/", timeliness_views.timeliness_refresh, name="timeliness-refresh"),
    path("timeliness/matters/", timeliness_views.timeliness_matters, name="timeliness-matters"),
]
