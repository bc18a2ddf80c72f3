from django.urls import include, path

from . import history_views, intel_views, links_views, queue_views

app_name = "counter_corruption"

# The unit's pages; each part adds its own (intelligence, links, history, queue).
urlpatterns: list = [
    path("intelligence/", intel_views.intel_list, name="intel-list"),
    path("intelligence/new/", intel_views.intel_new, name="intel-new"),
    path("intelligence/<uuid:public_id>/", intel_views.intel_detail, name="intel-detail"),
    path("intelligence/<uuid:public_id>/remove-person/", intel_views.intel_revoke, name="intel-revoke"),
    path("intelligence/<uuid:public_id>/<slug:decision>/", intel_views.intel_decision, name="intel-decision"),
    # link analysis (links_views.py)
    path("people/<uuid:public_id>/network/", links_views.network, name="network"),
    path("entities/<uuid:public_id>/", links_views.entity, name="entity"),
    path("link-alerts/", links_views.alerts, name="link-alerts"),
    path("link-alerts/<uuid:public_id>/", links_views.alert, name="link-alert"),
    path("people/", history_views.person_finder, name="people"),
    path("people/<uuid:public_id>/history/", history_views.person_history, name="person-history"),
    path("queue/", queue_views.queue, name="queue"),
    # lawful business monitoring: imports of audit extracts (monitoring_import_urls) and the
    # review of alerts, rules and the watch list (monitoring_review_urls)
    path("monitoring/", include("counter_corruption.monitoring_import_urls")),
    path("monitoring/", include("counter_corruption.monitoring_review_urls")),
]
