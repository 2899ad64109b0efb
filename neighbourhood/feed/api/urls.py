from django.urls import path

from neighbourhood.feed.api import views

FEED = "quartiers/<slug:slug>/feed/"

urlpatterns = [
    path(FEED, views.FeedView.as_view(), name="feed"),
    path(f"{FEED}<int:entry_id>/hide/", views.FeedEntryHideView.as_view(), name="feed_entry_hide"),
]
