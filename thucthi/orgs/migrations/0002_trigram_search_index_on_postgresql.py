"""On PostgreSQL, a trigram index lets `search_text LIKE '%…%'` use an index at national
scale. SQLite scans; at ~12,000 units that is well under the 20 ms target (see docs/performance.md).
"""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS orgs_unit_search_trgm ON orgs_unit USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS orgs_unit_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_units_successions_people")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
