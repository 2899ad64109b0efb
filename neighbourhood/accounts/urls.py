from django.urls import path

from neighbourhood.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_list, name="tokens"),
    path("profile/erase/", views.account_erase, name="account_erase"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
