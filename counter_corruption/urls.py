from django.urls import path

from . import queue_views

app_name = "counter_corruption"

# The unit's pages; each part adds its own (intelligence, links, history, queue).
urlpatterns: list = [
    path("queue/", queue_views.queue, name="queue"),
]
