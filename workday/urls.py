from django.urls import path

from . import diary_views, search_views

app_name = "workday"

urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("diary/", diary_views.diary, name="diary"),
]
