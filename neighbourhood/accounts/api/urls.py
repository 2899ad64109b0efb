from django.urls import path

from neighbourhood.accounts.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/tokens/", views.TokenListView.as_view(), name="tokens"),
    path("me/tokens/<int:token_id>/", views.TokenDetailView.as_view(), name="token"),
]
