from django.urls import path

from . import history_views

app_name = "counter_corruption"

# The unit's pages; each part adds its own (intelligence, links, history, queue).
urlpatterns: list = [
    path("people/", history_views.person_finder, name="people"),
    path("people/<uuid:public_id>/history/", history_views.person_history, name="person-history"),
]
