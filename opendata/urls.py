"""Addresses of the OParl 1.1 endpoint; every object's address is its stable id."""

from django.urls import path, re_path

from . import views

app_name = "opendata"

KINDS = "organization|person|membership|meeting|agendaitem|paper|file|location"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body-list"),
    path("body/<slug:slug>", views.body, name="body"),
    path("legislativeterm/", views.legislative_terms, name="legislativeterm-list"),
    path("organization/<id:pk>/meeting/", views.organization_meetings, name="organization-meetings"),
    path("file/<id:pk>/access", views.file_access, name="file-access"),
    path("file/<id:pk>/download", views.file_download, name="file-download"),
    re_path(rf"^(?P<kind>{KINDS})/$", views.object_list, name="list"),
    re_path(rf"^(?P<kind>{KINDS})/(?P<pk>[1-9][0-9]{{0,17}})$", views.object_detail, name="object"),
    re_path(r"", views.not_found),
]
