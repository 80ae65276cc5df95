"""The site's pages: the shared ones here (home, units, account, audit log), each domain's in web/<domain>/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from thucthi.web import mywork, views

urlpatterns = [
    path("", views.home, name="home"),
    path("public/", views.home, {"public": True}, name="home-public"),
    path("my-work/<slug:key>/", mywork.my_work_list, name="my-work-list"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("account/", views.account, name="account"),
    path("audit/", views.audit_log, name="audit-log"),
    path("", include("thucthi.web.council.urls")),
    path("", include("thucthi.web.find.urls")),
    path("", include("thucthi.web.tasks.urls")),
    path("", include("thucthi.web.indicators.urls")),
    path("", include("thucthi.web.accountability.urls")),
    path("", include("thucthi.web.notifications.urls")),
    path("", include("thucthi.web.administration.urls")),
    path("", include("thucthi.web.follows.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
