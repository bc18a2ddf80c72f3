from django.urls import path

from . import views_return

urlpatterns: list = [
    path("home-office-return/", views_return.return_page, name="return"),
    path("home-office-return/<int:year>.csv", views_return.return_csv, name="return-csv"),
]
