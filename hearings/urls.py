from django.urls import path

from . import panel_views, views
from .staff import views as staff_views

app_name = "hearings"
PANEL = "<str:reference>/hearings/<uuid:proceeding_id>/panel/"
urlpatterns = [
    path(
        "<str:reference>/outcome-notices/<uuid:proceeding_id>.pdf", views.outcome_notice_pdf, name="outcome-notice-pdf"
    ),
    path(PANEL, panel_views.panel_detail, name="panel"),
    path(PANEL + "open/", panel_views.panel_start, name="panel-open"),
    path(PANEL + "members/new/", panel_views.panel_seat_add, name="panel-member-new"),
    path(PANEL + "members/<uuid:seat_id>/remove/", panel_views.panel_seat_remove, name="panel-member-remove"),
    path(PANEL + "complete/", panel_views.panel_complete, name="panel-complete"),
    path(PANEL + "discard/", panel_views.panel_discard, name="panel-discard"),
    path(PANEL + "advice/new/", panel_views.panel_advice, name="panel-advice-new"),
    path(PANEL + "decision/", panel_views.panel_decision, name="panel-decision"),
    path(
        "<str:reference>/staff-hearing-invitations/<uuid:proceeding_id>.pdf",
        staff_views.invitation_pdf,
        name="staff-invitation-pdf",
    ),
]
