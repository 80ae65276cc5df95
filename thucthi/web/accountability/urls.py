"""Scorecards and their drill-down."""

from django.urls import path

from thucthi.web.accountability import views

urlpatterns = [
    path("scorecards/", views.scorecards, name="scorecards"),
    path("scorecards/<int:unit_id>/tasks/", views.scorecard_tasks, name="scorecard-tasks"),
]
