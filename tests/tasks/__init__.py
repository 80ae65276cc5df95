"""Tests of tasks: rules, workflow, status, pages, Excel, calendar, chasing."""
