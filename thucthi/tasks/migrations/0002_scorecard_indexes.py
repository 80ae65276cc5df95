"""Two indexes for scorecards, measured by `thucthi bench tasks` (docs/performance.md, "Tasks").

- tasks_lead_issued (tasks_task: lead_unit_id, issued_on): a scorecard reads the tasks its
  units lead that were issued in the period. With only (lead_unit, state, deadline) the
  database fetches every task of those units and throws most away (a province's 2025
  scorecard on a million tasks: 30,000 rows read for 5,000 kept).
- tasks_event_returned (tasks_taskevent: task_id, only kind = 'returned'): "was this task
  ever sent back?" (`scorecards._task_rows`). PostgreSQL answers it by hashing every returned
  event; without this index that is a scan of all events (2 million at national scale).

Plain SQL rather than AddIndex, so the models' state is untouched and `makemigrations
--check` stays clean while models.py does not declare them. To declare them there, add to
Task.Meta.indexes `models.Index(fields=["lead_unit", "issued_on"], name="tasks_lead_issued")`
and to TaskEvent.Meta.indexes `models.Index(fields=["task"], condition=Q(kind="returned"),
name="tasks_event_returned")`, and wrap these operations in SeparateDatabaseAndState with
the matching AddIndex as state_operations. The SQL is the same on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_tasks_coordination_progress_extensions"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX tasks_lead_issued ON tasks_task (lead_unit_id, issued_on)",
            reverse_sql="DROP INDEX tasks_lead_issued",
        ),
        migrations.RunSQL(
            "CREATE INDEX tasks_event_returned ON tasks_taskevent (task_id) WHERE kind = 'returned'",
            reverse_sql="DROP INDEX tasks_event_returned",
        ),
    ]
