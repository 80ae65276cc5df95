"""Council pages: sessions, delegates, people, groups, the questioning resolution, open data."""

from django.urls import path

from thucthi.web.council import opendata, resolutions, views

urlpatterns = [
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_page, name="session-detail"),
    path("sessions/<int:pk>/act/<slug:action>/", views.session_act, name="session-act"),
    path("sessions/<int:pk>/questioning-resolution/", views.questioning_resolution, name="questioning-resolution"),
    path("sessions/<int:pk>/questioning-resolution.docx", views.questioning_resolution_docx, name="questioning-resolution-docx"),
    path("sessions/<int:pk>/documents/<int:document_id>/", views.session_document, name="session-document"),
    path("sessions/<int:pk>/votes/import/", views.vote_import_page, name="vote-import"),
    path("sessions/<int:pk>/votes/import/template.xlsx", views.vote_import_template, name="vote-import-template"),
    path("resolutions/<int:pk>/", resolutions.resolution_page, name="resolution-detail"),
    path("resolutions/<int:pk>/act/<slug:action>/", resolutions.resolution_act, name="resolution-act"),
    path("delegates/<int:pk>/", views.delegate_page, name="delegate-detail"),
    path("people/<int:pk>/", views.person_page, name="person-detail"),
    path("terms/<int:pk>/groups/", views.term_groups, name="term-groups"),
    path("terms/<int:pk>/groups/act/<slug:action>/", views.term_groups_act, name="term-groups-act"),
    path("opendata/", opendata.opendata_index, name="opendata"),
    path("opendata/<slug:dataset>.<slug:fmt>", opendata.opendata_file, name="opendata-file"),
]
