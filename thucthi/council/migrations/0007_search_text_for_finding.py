"""Sessions, resolutions and commitments are found with or without diacritics ("ha tang" finds
"hạ tầng"), as units, tasks and questions already are: each keeps its folded text in `search_text`.
Rows written before this migration get theirs here."""

from typing import Any

from django.db import migrations, models

from thucthi.core.text import search_document

SESSION_KINDS = {"regular": "Thường lệ", "thematic": "Chuyên đề", "extraordinary": "Bất thường"}


def fill_search_text(apps: Any, schema_editor: Any) -> None:
    Session = apps.get_model("council", "Session")
    Resolution = apps.get_model("council", "Resolution")
    Commitment = apps.get_model("council", "Commitment")
    sessions = list(Session.objects.all())
    for s in sessions:
        s.search_text = " " + search_document(f"Kỳ họp thứ {s.number}", SESSION_KINDS.get(s.kind, ""), s.place, s.summary)
    Session.objects.bulk_update(sessions, ["search_text"], batch_size=500)
    resolutions = list(Resolution.objects.all())
    for r in resolutions:
        r.search_text = " " + search_document(r.title, r.number)
    Resolution.objects.bulk_update(resolutions, ["search_text"], batch_size=500)
    commitments = list(Commitment.objects.all())
    for c in commitments:
        c.search_text = " " + search_document(c.text)
    Commitment.objects.bulk_update(commitments, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0006_session_state_machine"),
    ]

    operations = [
        migrations.AddField(model_name="commitment", name="search_text", field=models.TextField(default="", editable=False)),
        migrations.AddField(model_name="resolution", name="search_text", field=models.TextField(default="", editable=False)),
        migrations.AddField(model_name="session", name="search_text", field=models.TextField(default="", editable=False)),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
