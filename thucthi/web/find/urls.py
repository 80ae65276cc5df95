"""Finding things: the council's lists with filters, and the search across the system."""

from django.urls import path

from thucthi.web.find import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("sessions/", views.session_list, name="find-sessions"),
    path("resolutions/", views.resolution_list, name="find-resolutions"),
    path("delegates/", views.delegate_list, name="find-delegates"),
    path("questions/", views.question_list, name="find-questions"),
    path("commitments/", views.commitment_list, name="find-commitments"),
]
