from django.urls import path

from . import withdrawal_views

urlpatterns = [
    path("", withdrawal_views.withdrawals, name="withdrawals"),
    path("new/", withdrawal_views.withdrawal_new, name="withdrawal-new"),
    path("<uuid:public_id>/", withdrawal_views.withdrawal_detail, name="withdrawal"),
    path("<uuid:public_id>/step/<slug:step>/", withdrawal_views.withdrawal_step, name="withdrawal-step"),
    path(
        "<uuid:public_id>/notices/<uuid:notice_id>.pdf",
        withdrawal_views.withdrawal_notice_pdf,
        name="withdrawal-notice",
    ),
]
