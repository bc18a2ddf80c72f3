"""The integrity registers (mounted at /integrity/)."""

from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.registers, name="registers"),
    path("overdue/", views.overdue, name="overdue"),
    path("mine/", views.mine, name="mine"),
    path("mine/<slug:register>/declare/", views.declare, name="declare"),
    path("mine/<slug:register>/<uuid:public_id>/declared/", views.declared, name="declared"),
    path("mine/<slug:register>/<uuid:public_id>/review/", views.review, name="review"),
    path("<slug:register>/<uuid:public_id>/", views.entry_detail, name="entry"),
    path("<slug:register>/<uuid:public_id>/decide/", views.decide, name="decide"),
]
