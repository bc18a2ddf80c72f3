from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read-all"),
    path("<uuid:public_id>/open/", views.notification_open, name="open"),
    path("<uuid:public_id>/read/", views.notification_read, name="read"),
    path("<uuid:public_id>/unread/", views.notification_unread, name="unread"),
]
