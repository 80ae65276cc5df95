from django.urls import path

from thucthi.web.administration import views

urlpatterns = [
    path("administration/", views.home, name="admin-home"),
    path("administration/accounts/", views.users, name="admin-users"),
    path("administration/accounts/new/", views.user_new, name="admin-user-new"),
    path("administration/accounts/<int:pk>/", views.user_edit, name="admin-user"),
    path("administration/accounts/<int:pk>/lock/", views.user_active, name="admin-user-active"),
    path("administration/accounts/<int:pk>/password/", views.user_password, name="admin-user-password"),
    path("administration/terms/", views.terms, name="admin-terms"),
    path("administration/terms/<int:pk>/", views.term_edit, name="admin-term"),
    path("administration/terms/<int:pk>/delegates/", views.delegate_new, name="admin-delegate-new"),
    path("administration/terms/<int:pk>/import/", views.delegate_import_page, name="admin-delegate-import"),
    path("administration/terms/<int:pk>/import/template/", views.delegate_import_template, name="admin-delegate-template"),
    path("administration/delegates/<int:pk>/", views.delegate_edit, name="admin-delegate"),
    path("administration/reorganisation/", views.reorganisation, name="admin-reorg"),
    path("administration/calendar/", views.calendar, name="admin-calendar"),
    path("administration/calendar/<int:pk>/remove/", views.calendar_remove, name="admin-calendar-remove"),
    path("account/password/", views.password_change, name="password-change"),
]
