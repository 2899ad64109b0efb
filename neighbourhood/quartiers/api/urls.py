from django.urls import path

from neighbourhood.quartiers.api.views import join_requests, members, quartiers

QUARTIER = "quartiers/<slug:slug>/"
JOIN_REQUESTS = f"{QUARTIER}join-requests/"

urlpatterns = [
    path("quartiers/", quartiers.QuartierListView.as_view(), name="quartiers"),
    path(QUARTIER, quartiers.QuartierDetailView.as_view(), name="quartier"),
    path(f"{QUARTIER}join/", quartiers.JoinView.as_view(), name="join"),
    path(f"{QUARTIER}leave/", quartiers.LeaveView.as_view(), name="leave"),
    path(f"{QUARTIER}members/", members.MemberListView.as_view(), name="members"),
    path(f"{QUARTIER}members/<int:user_id>/", members.MemberDetailView.as_view(), name="member"),
    path(JOIN_REQUESTS, join_requests.JoinRequestListView.as_view(), name="join_requests"),
    path(
        f"{JOIN_REQUESTS}<int:request_id>/decision/",
        join_requests.JoinRequestDecisionView.as_view(),
        name="join_request_decision",
    ),
]
