from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("history/import/", views.history_upload, name="history-import"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/do/<slug:step>/", views.case_step, name="step"),
    path("<str:reference>/subjects/<uuid:subject_id>/<slug:step>/", views.case_step, name="subject-step"),
    path("<str:reference>/notices/<uuid:notice_id>.pdf", views.reg17_pdf, name="reg17-pdf"),
    path("<str:reference>/evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence"),
]
