from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client

from tests.conftest import World
from thucthi.accounts.models import ApiToken
from thucthi.accounts.services import token_create
from thucthi.api.api import api

ROOT = Path(__file__).resolve().parents[2]


def get(client: Client, url: str, **headers: str) -> tuple[int, Any]:
    response = client.get(url, headers=headers)
    return response.status_code, json.loads(response.content)


def test_it_reports_the_database_in_use(client: Client, db: None) -> None:
    status, body = get(client, "/api/v1/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == {"vendor": connection.vendor, "ok": True}


def test_it_lists_units_with_count_and_items(client: Client, world: World) -> None:
    status, body = get(client, "/api/v1/units?kind=department")
    assert status == 200
    assert body["count"] == 3
    assert [u["short_name"] for u in body["items"]] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Y tế"]


def test_it_filters_by_parent_valid_on_and_query(client: Client, world: World) -> None:
    _, body = get(client, f"/api/v1/units?parent={world.committee.pk}&valid_on=2025-03-01")
    assert {u["code"] for u in body["items"]} == {"DEPT:P99:tc", "DEPT:P99:yt"}
    _, body = get(client, "/api/v1/units?q=dau+tu")
    assert [u["code"] for u in body["items"]] == ["DEPT:P99:khdt"]
    _, body = get(client, "/api/v1/units?kind=province&kind=department&limit=2&offset=1")
    assert body["count"] == 4 and len(body["items"]) == 2


def test_it_refuses_an_unknown_filter_with_a_vietnamese_reason(client: Client, world: World) -> None:
    status, body = get(client, "/api/v1/units?province=33")
    assert status == 422
    assert "Tham số không được hỗ trợ: province" in body["detail"]


def test_it_refuses_a_malformed_date_with_422(client: Client, world: World) -> None:
    status, body = get(client, "/api/v1/units?valid_on=31/02/2020")
    assert status == 422
    assert body["errors"][0]["param"] == "valid_on"
    assert "ngày không hợp lệ" in body["errors"][0]["message"]


def test_it_refuses_an_unknown_kind_and_a_bad_limit(client: Client, world: World) -> None:
    status, body = get(client, "/api/v1/units?kind=village")
    assert status == 422 and body["errors"][0]["param"].startswith("kind")
    status, body = get(client, "/api/v1/units?limit=100000")
    assert status == 422 and "limit" in body["detail"]
    status, _ = get(client, "/api/v1/units?parent=abc")
    assert status == 422


def test_it_answers_404_for_a_missing_unit(client: Client, world: World) -> None:
    status, _ = get(client, "/api/v1/units/999999")
    assert status == 404


def test_it_shows_lineage_and_who_holds_the_duties(client: Client, world: World) -> None:
    _, body = get(client, f"/api/v1/units/{world.planning.pk}")
    assert [(s["direction"], s["unit"]["code"], s["effective_date"]) for s in body["lineage"]] == [
        ("successor", "DEPT:P99:tc", "2025-03-01")
    ]
    assert [u["code"] for u in body["holders_today"]] == ["DEPT:P99:tc"]
    _, holders = get(client, f"/api/v1/units/{world.planning.pk}/holders?on=2020-07-15")
    assert [u["code"] for u in holders] == ["DEPT:P99:khdt"]


def test_it_authenticates_with_a_bearer_token(client: Client, world: World) -> None:
    secret = token_create(actor=world.officer, user=world.officer, name="laptop")
    status, body = get(client, "/api/v1/me", Authorization=f"Bearer {secret}")
    assert status == 200
    assert body["username"] == "dung" and body["unit"]["code"] == "DEPT:P99:tc"
    assert "orgs.unit.view" in body["permissions"] and "audit.view" not in body["permissions"]
    assert ApiToken.objects.get(user=world.officer).digest != secret, "only a digest is stored"


def test_it_refuses_a_wrong_token_instead_of_falling_back_to_public(client: Client, world: World) -> None:
    status, body = get(client, "/api/v1/units", Authorization="Bearer tt_wrong")
    assert status == 401
    assert "Mã truy cập không hợp lệ" in body["detail"]


def test_it_refuses_a_revoked_token(client: Client, world: World) -> None:
    secret = token_create(actor=world.admin, user=world.head)
    ApiToken.objects.filter(user=world.head).update(revoked_at="2026-01-01T00:00:00Z")
    status, _ = get(client, "/api/v1/me", Authorization=f"Bearer {secret}")
    assert status == 401


def test_it_keeps_the_checked_in_openapi_document_current() -> None:
    generated = api.get_openapi_schema()
    checked_in = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(generated, sort_keys=True)) == checked_in, "run `make openapi` and commit docs/openapi.json"
