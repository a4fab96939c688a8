"""Addresses of the meeting packets, under each language prefix: /da/dagsorden/<id>.pdf and the members' edition."""

from django.urls import path

from . import views

app_name = "packets"

urlpatterns = [
    path("<id:page_id>.pdf", views.public_packet, name="public"),
    path("<id:page_id>/medlemmer.pdf", views.members_packet, name="members"),
]
