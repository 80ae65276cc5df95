"""The user's notifications."""

from django.urls import path

from thucthi.web.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
]
