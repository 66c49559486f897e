from django.urls import path

from connecting_people.practice import story_views, team_views

app_name = "team"

urlpatterns = [
    path("", team_views.team_page, name="page"),
    path("organisation/", team_views.teams_side_by_side, name="organisation"),
    path("stories/<int:person_pk>/", story_views.story_share, name="stories"),
    path(
        "stories/<int:person_pk>/<int:pk>/withdraw/",
        story_views.story_withdraw,
        name="story_withdraw",
    ),
]
