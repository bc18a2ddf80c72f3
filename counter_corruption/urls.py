from django.urls import path

from . import links_views

app_name = "counter_corruption"

# The unit's pages; each part adds its own (intelligence, links, history, queue).
urlpatterns: list = [
    # link analysis (links_views.py)
    path("people/<uuid:public_id>/network/", links_views.network, name="network"),
    path("entities/<uuid:public_id>/", links_views.entity, name="entity"),
    path("link-alerts/", links_views.alerts, name="link-alerts"),
    path("link-alerts/<uuid:public_id>/", links_views.alert, name="link-alert"),
]
