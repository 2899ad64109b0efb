"""Consultations' pages, under /consultations/."""

from django.urls import URLPattern, path

from exchanges.consultations.views import results, voting

app_name = "consultations"

urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/vote/", voting.vote, name="vote"),
    path("survey/<str:token>/", voting.survey, name="survey"),
    path("<int:consultation_id>/paper/", voting.paper, name="paper"),
    path(
        "<int:consultation_id>/paper/<uuid:ballot_id>/remove/",
        voting.paper_remove,
        name="paper_remove",
    ),
    # The results.
    path("<int:consultation_id>/results/", results.results_page, name="results"),
    path("<int:consultation_id>/results.csv", results.results_csv, name="results_csv"),
    path("<int:consultation_id>/report.pdf", results.report, name="report"),
    path("<int:consultation_id>/answers/", results.answers, name="answers"),
]
