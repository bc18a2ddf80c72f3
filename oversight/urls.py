from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh_request, name="refresh"),
    path("compare/", views.compare, name="compare"),
    path("flags/", views.flags, name="flags"),
    path("flags/<uuid:public_id>/", views.flag_detail, name="flag"),
    path("results/<int:result_id>/<slug:which>/", views.drilldown, name="drilldown"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("reg19/", views.reg19_reports, name="reg19-reports"),
    path("second-looks/<uuid:public_id>/", views.second_look, name="second-look"),
]
