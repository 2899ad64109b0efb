from django.urls import path

from exchanges.swaps import views

app_name = "swaps"

urlpatterns = [
    path("mine/", views.my_swaps, name="mine"),
    path("new/<slug:slug>/", views.swap_create, name="create"),
    path("<int:swap_id>/", views.swap_detail, name="detail"),
    path("<int:swap_id>/edit/", views.swap_edit, name="edit"),
    path("<int:swap_id>/status/", views.swap_status, name="status"),
    path("<int:swap_id>/renew/", views.swap_renew, name="renew"),
    path("<int:swap_id>/interest/", views.swap_interest, name="interest"),
    path("<int:swap_id>/introduce/", views.swap_introduce, name="introduce"),
    path("exchanges/<int:exchange_id>/held/", views.exchange_held, name="exchange_held"),
    path(
        "exchanges/<int:exchange_id>/evaluation/", views.exchange_evaluate, name="exchange_evaluate"
    ),
    path("overview/<slug:slug>/", views.category_overview, name="overview"),
]
