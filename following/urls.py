"""Addresses of following, under each language prefix: /da/foelg/… and /en/foelg/…."""

from django.urls import path

from . import feeds, views

app_name = "following"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("<id:page_id>/atom/", feeds.page_feed, name="page_feed"),
    path("soeg/atom/", feeds.search_feed, name="search_feed"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/<str:token>/", views.manage, name="manage"),
]
