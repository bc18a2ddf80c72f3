from django.urls import path

from . import search_views

app_name = "workday"

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
]
