"""The user's notifications and how they want to hear by e-mail."""

from django.urls import path

from thucthi.web.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
]
