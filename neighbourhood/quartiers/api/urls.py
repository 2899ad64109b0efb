from django.urls import path

from neighbourhood.quartiers.api.views import join_requests, members, quartiers

urlpatterns = [
    path("quartiers/", quartiers.QuartierListView.as_view(), name="quartiers"),
    path("quartiers/<slug:slug>/", quartiers.QuartierDetailView.as_view(), name="quartier"),
    path("quartiers/<slug:slug>/join/", quartiers.JoinView.as_view(), name="join"),
    path("quartiers/<slug:slug>/leave/", quartiers.LeaveView.as_view(), name="leave"),
    path("quartiers/<slug:slug>/members/", members.MemberListView.as_view(), name="members"),
    path(
        "quartiers/<slug:slug>/members/<int:user_id>/",
        members.MemberDetailView.as_view(),
        name="member",
    ),
    path(
        "quartiers/<slug:slug>/join-requests/",
        join_requests.JoinRequestListView.as_view(),
        name="join_requests",
    ),
    path(
        "quartiers/<slug:slug>/join-requests/<int:request_id>/decision/",
        join_requests.JoinRequestDecisionView.as_view(),
        name="join_request_decision",
    ),
]
