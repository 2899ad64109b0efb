from django.urls import path

from neighbourhood.quartiers import views
from neighbourhood.quartiers.sheet import views as sheet_views

app_name = "quartiers"

urlpatterns = [
    path("", views.quartier_list, name="list"),
    path("new/", views.quartier_create, name="create"),
    path("<slug:slug>/", views.quartier_detail, name="detail"),
    path("<slug:slug>/edit/", views.quartier_edit, name="edit"),
    path("<slug:slug>/join/", views.quartier_join, name="join"),
    path("<slug:slug>/join/withdraw/", views.join_request_withdraw, name="withdraw"),
    path("<slug:slug>/leave/", views.quartier_leave, name="leave"),
    path("<slug:slug>/members/", views.member_list, name="members"),
    path("<slug:slug>/members/<int:user_id>/", views.member_action, name="member_action"),
    path("<slug:slug>/members/<int:user_id>/relais/", views.member_relais, name="member_relais"),
    path("<slug:slug>/requests/", views.join_request_list, name="join_requests"),
    path(
        "<slug:slug>/requests/<int:request_id>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
]

# The quartier's printed sheet and its codes (neighbourhood/quartiers/sheet/).
urlpatterns += [
    path("<slug:slug>/sheet/", sheet_views.sheet_page, name="sheet"),
    path("<slug:slug>/sheet/pdf/", sheet_views.sheet_download, name="sheet_pdf"),
    path("<slug:slug>/sheet/language/", sheet_views.sheet_language, name="sheet_language"),
    path("<slug:slug>/code/", sheet_views.code_lookup, name="code"),
]
