"""Plan indicator pages: dashboard, target, assessment, entry grid and Excel, review, definitions and plans."""

from django.urls import path

from thucthi.web.indicators import io, views

urlpatterns = [
    path("indicators/", views.dashboard, name="indicator-dashboard"),
    path("indicators/targets/<int:pk>/", views.target_page, name="indicator-target"),
    path("indicators/targets/<int:pk>/assess/", views.assessment_form, name="indicator-assess"),
    path("indicators/targets/<int:pk>/sign/", views.sign_aggregate, name="indicator-sign"),
    path("indicators/entry/", views.entry_grid, name="indicator-entry"),
    path("indicators/entry/template.xlsx", io.entry_template_download, name="indicator-entry-template"),
    path("indicators/entry/import/", io.entry_import, name="indicator-entry-import"),
    path("indicators/review/", views.review_queue, name="indicator-review"),
    path("indicators/manage/", views.manage, name="indicator-manage"),
    path("indicators/definitions/new/", views.indicator_edit, name="indicator-new"),
    path("indicators/definitions/<int:pk>/", views.indicator_edit, name="indicator-edit"),
    path("indicators/plans/new/", views.plan_new, name="indicator-plan-new"),
    path("indicators/plans/<int:pk>/targets/", views.target_edit, name="indicator-target-new"),
]
