from django.urls import path

from neighbourhood.feed.api import views

urlpatterns = [
    path("quartiers/<slug:slug>/feed/", views.FeedView.as_view(), name="feed"),
    path(
        "quartiers/<slug:slug>/feed/<int:entry_id>/hide/",
        views.FeedEntryHideView.as_view(),
        name="feed_entry_hide",
    ),
]
