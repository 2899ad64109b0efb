"""Consultations' pages, under /consultations/."""

from django.urls import URLPattern, path

from exchanges.consultations.views import documents, organising, reading, results, voting

app_name = "consultations"

urlpatterns: list[URLPattern] = [
    # Reading and running a consultation.
    path("in/<slug:slug>/", reading.consultation_list, name="list"),
    path("in/<slug:slug>/new/", organising.consultation_create, name="create"),
    path("<int:consultation_id>/", reading.consultation_detail, name="detail"),
    path("<int:consultation_id>/debate/", reading.debate_join, name="debate_join"),
    path("<int:consultation_id>/edit/", organising.consultation_edit, name="edit"),
    path("<int:consultation_id>/approve/", organising.consultation_approve, name="approve"),
    path("<int:consultation_id>/decline/", organising.consultation_decline, name="decline"),
    path("<int:consultation_id>/withdraw/", organising.consultation_withdraw, name="withdraw"),
    path("<int:consultation_id>/summary/", organising.consultation_summary, name="summary"),
    path("<int:consultation_id>/documents/", documents.documents, name="documents"),
    path("documents/<int:document_id>/", documents.document_download, name="document"),
    path("documents/<int:document_id>/remove/", documents.document_remove, name="document_remove"),
    # Voting.
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
