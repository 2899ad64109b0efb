"""Consultations' pages, under /consultations/."""

from django.urls import path

from exchanges.consultations.views import documents, organising, reading

app_name = "consultations"

urlpatterns = [
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
]
