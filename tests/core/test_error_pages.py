"""Error pages speak the site's language and keep its header, like every other page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path

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


def test_a_refusal_answers_403_in_vietnamese_with_a_way_home(world: World) -> None:
    response = world.client_for(world.officer).get("/audit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền" in page and "Về trang chủ" in page and "Đăng xuất" in page


def test_a_stale_form_answers_403_with_a_plain_explanation(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post("/account/", {"anything": "1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page and "tải lại trang" in page and 'lang="vi"' in page


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("lỗi thử nghiệm")


urlpatterns = [path("boom/", _boom), path("", include("thucthi.urls"))]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_answers_a_styled_500_page_that_needs_no_request_context(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Lỗi máy chủ" in page and "chưa được lưu" in page and 'href="/"' in page
    assert 'lang="vi"' in page and "/static/thucthi/site.css" in page
    assert "RuntimeError" not in page and "lỗi thử nghiệm" not in page


def test_the_500_page_renders_from_the_template_alone() -> None:
    page = loader.get_template("500.html").render()
    assert "Lỗi máy chủ" in page and "<main" in page
