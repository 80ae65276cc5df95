from django.urls import include, path

from thucthi.api.api import api

urlpatterns = [
    path("api/", include("thucthi.api.urls")),
    path("api/v1/", api.urls),
    path("", include("thucthi.web.urls")),
]
