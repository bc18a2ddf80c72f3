from django.urls import path, register_converter

from . import suspension_views, views


class ReferenceConverter:
    """A case reference: this system's (PSD-2026-00001) or an imported one, which may hold '/'
    (OLD/2019/001, cases.history.REFERENCE)."""

    regex = r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "caseref")

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("history/import/", views.history_upload, name="history-import"),
    path("<caseref:reference>/do/<slug:step>/", views.case_step, name="step"),
    path(
        "<caseref:reference>/subjects/<uuid:subject_id>/suspension/",
        suspension_views.subject_suspension,
        name="suspension",
    ),
    path("<caseref:reference>/subjects/<uuid:subject_id>/<slug:step>/", views.case_step, name="subject-step"),
    path("<caseref:reference>/notices/<uuid:notice_id>.pdf", views.reg17_pdf, name="reg17-pdf"),
    path("<caseref:reference>/evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence"),
    path(
        "<caseref:reference>/evidence/<uuid:evidence_id>/movement/",
        views.custody_movement,
        name="custody-movement",
    ),
    path("<caseref:reference>/actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("<caseref:reference>/actions/<int:action_id>/reopen/", views.action_reopen, name="action-reopen"),
    # last: a reference may hold '/', so the longer patterns are tried first
    path("<caseref:reference>/", views.case_detail, name="detail"),
]
