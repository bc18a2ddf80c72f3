from django.urls import path

from . import calendar_views, diary_views, search_views

app_name = "workday"

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("diary/", diary_views.diary, name="diary"),
    path("calendar/", calendar_views.hearings_calendar, name="calendar"),
]
