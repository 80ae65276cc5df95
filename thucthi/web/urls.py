from django.contrib.auth import views as auth_views
from django.urls import include, path

from thucthi.web import council_views, document_views, notification_views, scorecard_views, task_io_views, task_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("sessions/new/", council_views.session_new, name="session-new"),
    path("sessions/<int:pk>/", council_views.session_page, name="session-detail"),
    path("sessions/<int:pk>/act/<slug:action>/", council_views.session_act, name="session-act"),
    path("delegates/<int:pk>/", council_views.delegate_page, name="delegate-detail"),
    path("people/<int:pk>/", council_views.person_page, name="person-detail"),
    path("account/", views.account, name="account"),
    path("audit/", views.audit_log, name="audit-log"),
    path("tasks/", task_views.task_hub, name="task-hub"),
    path("tasks/new/", task_views.task_create, name="task-create"),
    path("tasks/export.xlsx", task_io_views.task_export, name="task-export"),
    path("tasks/import/", task_io_views.task_import, name="task-import"),
    path("tasks/import/template.xlsx", task_io_views.task_import_template, name="task-import-template"),
    path("tasks/import/report/<str:key>/", task_io_views.task_import_report, name="task-import-report"),
    path("tasks/calendar/<str:token>.ics", task_io_views.task_calendar, name="task-calendar"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", task_views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/act/<slug:action>/", task_views.task_act, name="task-act"),
    path("documents/", document_views.documents, name="documents"),
    path("documents/new/", document_views.document_new, name="document-new"),
    path("documents/<int:pk>/", document_views.document_detail, name="document-detail"),
    path("scorecards/", scorecard_views.scorecards, name="scorecards"),
    path("scorecards/<int:unit_id>/tasks/", scorecard_views.scorecard_tasks, name="scorecard-tasks"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("i18n/", include("django.conf.urls.i18n")),
]
