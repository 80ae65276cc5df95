"""Error pages speak the site's language and keep its header, like every other page."""

from __future__ import annotations

from tests.conftest import World


def test_a_missing_page_answers_404_in_vietnamese_with_the_site_around_it(world: World) -> None:
    response = world.client_for(world.officer).get("/tasks/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page
    assert 'lang="vi"' in page and "Đăng xuất" in page


def test_the_404_page_follows_the_chosen_language(world: World) -> None:
    client = world.client_for(None)
    client.cookies["django_language"] = "en"
    response = client.get("/sessions/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
