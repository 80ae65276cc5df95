"""Sessions start planned (planned → open → closed). Until now a session was created "closed"
and could be moved to any state. A session that has not begun yet and never passed through a
state change (no audit record says so) holds that meaningless default: it becomes planned.
Past sessions keep their state: most were entered after the fact, as closed."""

from typing import Any

from django.db import migrations, models

from thucthi.core import clock


def never_moved_sessions_are_planned(apps: Any, schema_editor: Any) -> None:
    Session = apps.get_model("council", "Session")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    moved = set(
        AuditRecord.objects.filter(object_type="council.session", action__startswith="council.session.")
        .exclude(action="council.session.create").values_list("object_id", flat=True)
    )
    never = [pk for pk in Session.objects.filter(state="closed", start__gt=clock.today()).values_list("pk", flat=True) if str(pk) not in moved]
    Session.objects.filter(pk__in=never).update(state="planned")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_hash_chained_audit_records"),
        ("council", "0005_delegate_group_memberships"),
    ]

    operations = [
        migrations.AlterField(
            model_name="session",
            name="state",
            field=models.CharField(
                choices=[("planned", "Dự kiến"), ("open", "Đang họp"), ("closed", "Đã bế mạc")],
                default="planned", max_length=8, verbose_name="tình trạng",
            ),
        ),
        migrations.RunPython(never_moved_sessions_are_planned, migrations.RunPython.noop),
    ]
