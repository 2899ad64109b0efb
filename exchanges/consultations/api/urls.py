"""Consultations in the API: /api/v1/quartiers/<slug>/consultations/, /api/v1/consultations/…"""

from django.urls import URLPattern, path

from exchanges.consultations.api import ballots, results, views

urlpatterns: list[URLPattern] = [
    path(
        "quartiers/<slug:slug>/consultations/",
        views.QuartierConsultationListView.as_view(),
        name="consultations",
    ),
    path(
        "consultations/<int:consultation_id>/",
        views.ConsultationDetailView.as_view(),
        name="consultation",
    ),
    path(
        "consultations/<int:consultation_id>/approve/",
        views.ConsultationApproveView.as_view(),
        name="consultation_approve",
    ),
    path(
        "consultations/<int:consultation_id>/decline/",
        views.ConsultationDeclineView.as_view(),
        name="consultation_decline",
    ),
    path(
        "consultations/<int:consultation_id>/withdraw/",
        views.ConsultationWithdrawView.as_view(),
        name="consultation_withdraw",
    ),
    path(
        "consultations/<int:consultation_id>/summary/",
        views.ConsultationSummaryView.as_view(),
        name="consultation_summary",
    ),
    path(
        "consultations/<int:consultation_id>/ballot/",
        ballots.ConsultationBallotView.as_view(),
        name="consultation_ballot",
    ),
    path(
        "surveys/<str:token>/ballot/",
        ballots.SurveyBallotView.as_view(),
        name="survey_ballot",
    ),
    path(
        "consultations/<int:consultation_id>/paper-ballots/",
        ballots.PaperBallotsView.as_view(),
        name="consultation_paper_ballots",
    ),
    path(
        "consultations/<int:consultation_id>/paper-ballots/<uuid:ballot_id>/",
        ballots.PaperBallotView.as_view(),
        name="consultation_paper_ballot",
    ),
    path(
        "consultations/<int:consultation_id>/results/",
        results.ResultsView.as_view(),
        name="consultation_results",
    ),
    path(
        "consultations/<int:consultation_id>/answers/groups/",
        results.AnswerGroupsView.as_view(),
        name="consultation_answer_groups",
    ),
]
