from django.urls import path

from connecting_people.practice import team_views

app_name = "team"

urlpatterns = [
    path("", team_views.team_page, name="page"),
    path("organisation/", team_views.teams_side_by_side, name="organisation"),
]
