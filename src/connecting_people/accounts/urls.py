from django.urls import path

from connecting_people.accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/contact/", views.team_contact_edit, name="team_contact"),
    path("teams/<int:pk>/members/add/", views.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:user_pk>/", views.team_member_edit, name="team_member_edit"),
    path(
        "teams/<int:pk>/requests/<int:request_pk>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path(
        "teams/<int:pk>/person-tokens/",  # issue 19: people's own API tokens, on or off
        token_views.team_person_tokens,
        name="team_person_tokens",
    ),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path(
        "organisations/<int:pk>/staff/<int:user_pk>/account/",
        views.staff_account,
        name="staff_account",
    ),
    path("you/", views.account_settings, name="settings"),
    path("you/tokens/", token_views.token_list, name="tokens"),  # issue 19: API tokens
    path("you/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
