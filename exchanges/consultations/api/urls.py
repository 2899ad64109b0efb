"""Consultations in the API: /api/v1/quartiers/<slug>/consultations/, /api/v1/consultations/…"""

from django.urls import URLPattern, path

from exchanges.consultations.api import results

urlpatterns: list[URLPattern] = [
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
