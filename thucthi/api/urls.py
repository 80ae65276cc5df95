from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path("docs", RedirectView.as_view(url="/api/v1/docs", permanent=False), name="api-docs"),
]
