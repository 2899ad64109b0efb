from django.urls import path

from neighbourhood.feed import views

app_name = "feed"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("entries/<int:entry_id>/hide/", views.entry_hide, name="hide"),
]
