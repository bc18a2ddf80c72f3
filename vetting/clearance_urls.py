from django.urls import path

from . import clearance_views

urlpatterns = [
    path("", clearance_views.clearances, name="clearances"),
    path("new/", clearance_views.clearance_new, name="clearance-new"),
    path("<uuid:public_id>/", clearance_views.clearance_detail, name="clearance"),
]
