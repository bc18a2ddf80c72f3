from django.urls import path

from . import queue_views, suspension_views

app_name = "queues"
urlpatterns = [
    path("", queue_views.queue, name="home"),
    path("allocate/", queue_views.allocate, name="allocate"),
    path("flags/", queue_views.flags, name="flags"),
    path("flags/<uuid:flag_id>/", queue_views.flag_review, name="flag-review"),
    path("suspension/", suspension_views.suspension_queue, name="suspension"),
    path("<slug:queue>/", queue_views.queue, name="queue"),
    path("<slug:queue>/export.csv", queue_views.export_csv, name="export"),
]
