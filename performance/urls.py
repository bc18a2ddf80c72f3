from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.case_new, name="new"),
    path("<str:reference>/", views.case_detail, name="case"),
    path("<str:reference>/meetings/<uuid:meeting_id>/<str:document>.pdf", views.meeting_document, name="document"),
    path("<str:reference>/<str:step>/", views.case_step, name="step"),
]
