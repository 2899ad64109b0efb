from django.urls import path

from neighbourhood.relais import views

app_name = "relais"

urlpatterns = [
    path("", views.relais_home, name="home"),
    path("in/<slug:slug>/new/", views.neighbour_create, name="neighbour_create"),
    path("in/<slug:slug>/log/", views.quartier_log, name="quartier_log"),
    path("neighbours/<int:neighbour_id>/", views.neighbour_detail, name="neighbour"),
    path("neighbours/<int:neighbour_id>/code/", views.takeover_code, name="takeover_code"),
    path("consents/<int:consent_id>/act/", views.act_start, name="act"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("stop/", views.act_stop, name="stop"),
    path("for-me/", views.my_log, name="my_log"),
    path("take-over/", views.takeover, name="takeover"),
]
