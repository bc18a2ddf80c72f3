from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("import/", views.intermediary_import, name="import"),
    path("step-up/", views.step_up, name="step-up"),
    path("<str:reference>/", views.report_detail, name="report"),
    path("<str:reference>/message/", views.message_send, name="message"),
    path("<str:reference>/note/", views.note_add, name="note"),
    path("<str:reference>/link/", views.person_link, name="link"),
    path("<str:reference>/link/<uuid:person_id>/remove/", views.person_unlink, name="unlink"),
    path("<str:reference>/conduct-matter/", views.conduct_matter, name="conduct-matter"),
    path("<str:reference>/close/", views.close, name="close"),
    path("<str:reference>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<str:reference>/assign-to-me/", views.assign_to_me, name="assign-to-me"),
    path("<str:reference>/identity/", views.identity, name="identity"),
    path("<str:reference>/files/<uuid:public_id>/", views.attachment_download, name="file"),
]
