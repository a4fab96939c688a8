"""Addresses of the calendar feeds, mounted under each language prefix: /da/kalender/… and /en/kalender/…."""

from django.urls import path

from . import views as feeds

app_name = "calendars"

urlpatterns = [
    path("alle.ics", feeds.all_meetings, name="all"),
    path("organisation/<id:page_id>.ics", feeds.organisation, name="organisation"),
    path("person/<id:person_id>.ics", feeds.person, name="person"),
    path("moede/<id:page_id>.ics", feeds.meeting, name="meeting"),
    path("privat/<str:key>.ics", feeds.private, name="private"),
    path("mine/", feeds.my_calendar, name="mine"),
]
