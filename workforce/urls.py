from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.people, name="people"),
    path("people/<uuid:public_id>/", views.person_detail, name="person"),
    path("imports/", views.imports, name="imports"),
    path("imports/<uuid:public_id>/", views.import_detail, name="import-detail"),
]
