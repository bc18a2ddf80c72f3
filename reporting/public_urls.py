from django.urls import path

from . import public_views

app_name = "portal"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("new/", public_views.report_new, name="new"),
    path("follow-up/", public_views.follow_up, name="follow-up"),
    path("follow-up/report/", public_views.report_status, name="report"),
    path("follow-up/leave/", public_views.sign_out, name="leave"),
]
