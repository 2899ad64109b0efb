"""Consultations in the API: /api/v1/quartiers/<slug>/consultations/, /api/v1/consultations/…"""

from django.urls import path

from exchanges.consultations.api import views

urlpatterns = [
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
]
