from django.urls import path

from . import intel_views, queue_views

app_name = "counter_corruption"

# The unit's pages; each part adds its own (intelligence, links, history, queue).
urlpatterns: list = [
    path("intelligence/", intel_views.intel_list, name="intel-list"),
    path("intelligence/new/", intel_views.intel_new, name="intel-new"),
    path("intelligence/<uuid:public_id>/", intel_views.intel_detail, name="intel-detail"),
    path("intelligence/<uuid:public_id>/remove-person/", intel_views.intel_revoke, name="intel-revoke"),
    path("intelligence/<uuid:public_id>/<slug:decision>/", intel_views.intel_decision, name="intel-decision"),
    path("queue/", queue_views.queue, name="queue"),
]
