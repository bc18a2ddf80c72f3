from django.urls import path

from . import views

app_name = "hearings"
urlpatterns = [
    path(
        "<str:reference>/outcome-notices/<uuid:proceeding_id>.pdf", views.outcome_notice_pdf, name="outcome-notice-pdf"
    ),
]
