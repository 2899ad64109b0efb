"""Consultations' pages, under /consultations/."""

from django.urls import URLPattern, path

from exchanges.consultations.views import results

app_name = "consultations"

urlpatterns: list[URLPattern] = [
    # The results.
    path("<int:consultation_id>/results/", results.results_page, name="results"),
    path("<int:consultation_id>/results.csv", results.results_csv, name="results_csv"),
    path("<int:consultation_id>/report.pdf", results.report, name="report"),
    path("<int:consultation_id>/answers/", results.answers, name="answers"),
]
