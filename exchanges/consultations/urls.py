"""Consultations' pages, under /consultations/."""

from django.urls import URLPattern, path

from exchanges.consultations.views import voting

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
]
