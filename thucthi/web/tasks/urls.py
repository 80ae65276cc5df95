"""Task pages: the hub, the task, its form and actions, documents that assign tasks, Excel and calendar feeds."""

from django.urls import path

from thucthi.web.tasks import approvals, documents, io, views

urlpatterns = [
    path("tasks/", views.task_hub, name="task-hub"),
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/approvals/", approvals.approvals, name="task-approvals"),
    path("tasks/export.xlsx", io.task_export, name="task-export"),
    path("tasks/import/", io.task_import, name="task-import"),
    path("tasks/import/template.xlsx", io.task_import_template, name="task-import-template"),
    path("tasks/import/report/<str:key>/", io.task_import_report, name="task-import-report"),
    path("tasks/calendar/<str:token>.ics", io.task_calendar, name="task-calendar"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/act/<slug:action>/", views.task_act, name="task-act"),
    path("tasks/<int:pk>/reports/<int:report_id>/attachment", views.report_attachment, name="task-report-attachment"),
    path("documents/", documents.documents, name="documents"),
    path("documents/new/", documents.document_new, name="document-new"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
]
