from django.urls import path

from . import views
from .staff import views as staff_views

app_name = "hearings"
urlpatterns = [
    path(
        "<str:reference>/outcome-notices/<uuid:proceeding_id>.pdf", views.outcome_notice_pdf, name="outcome-notice-pdf"
    ),
    path(
        "<str:reference>/staff-hearing-invitations/<uuid:proceeding_id>.pdf",
        staff_views.invitation_pdf,
        name="staff-invitation-pdf",
    ),
]
