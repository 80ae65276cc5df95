"""A notification points at its target by content type and id instead of a foreign key to a
task, so notifications depend on no domain app. Existing rows keep their task as the target.

The task column is dropped in the next migration: on PostgreSQL a table whose rows were just
updated (deferred foreign-key checks pending) cannot be altered in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def task_to_target(apps, schema_editor):
    db = schema_editor.connection.alias
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    about_tasks = Notification.objects.using(db).filter(task__isnull=False)
    if not about_tasks.exists():
        return
    task_type, _ = ContentType.objects.using(db).get_or_create(app_label="tasks", model="task")
    about_tasks.update(target_type=task_type, target_id=F("task_id"))
    _run_deferred_checks(schema_editor)


def target_to_task(apps, schema_editor):
    db = schema_editor.connection.alias
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("tasks", "Task")
    task_type = ContentType.objects.using(db).filter(app_label="tasks", model="task").first()
    if task_type is None:
        return
    # A target that no longer exists cannot become a foreign key again: it is left without one.
    existing = Task.objects.using(db).values("pk")
    Notification.objects.using(db).filter(target_type=task_type, target_id__in=existing).update(task_id=F("target_id"))
    _run_deferred_checks(schema_editor)


def _run_deferred_checks(schema_editor):
    """PostgreSQL refuses to alter a table with deferred foreign-key checks still pending in the
    transaction: run them now, before the columns are dropped."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_notifications_once_per_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="target_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"),
        ),
        migrations.AddField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["target_type", "target_id"], name="notifications_target_idx"),
        ),
        migrations.RunPython(task_to_target, target_to_task),
    ]
