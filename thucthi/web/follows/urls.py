"""Following by e-mail: the form, the confirmation link, the unsubscribe link."""

from django.urls import path

from thucthi.web.follows import views

urlpatterns = [
    path("follow/", views.follow_page, name="follow-request"),
    path("follow/confirm/<str:token>/", views.follow_confirm_page, name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", views.follow_unsubscribe_page, name="follow-unsubscribe"),
]
