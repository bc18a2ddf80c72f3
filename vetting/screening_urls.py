from django.urls import path

from . import screening_views as views

urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<uuid:public_id>/", views.run_detail, name="run"),
    path("runs/<uuid:public_id>/request.csv", views.run_request, name="run-request"),
    path("runs/<uuid:public_id>/results.csv", views.run_results, name="run-results"),
    path("runs/<uuid:public_id>/candidates/<int:line>/", views.possible_detail, name="possible"),
    path("hits/", views.hits, name="hits"),
    path("hits/<uuid:public_id>/", views.hit_detail, name="hit"),
    path("possible-matches/", views.possibles, name="possibles"),
]
