"""The team's view of what is working and what is missing, under /people/suggestions/ (views in
views/team.py)."""

from django.urls import path

from connecting_people.suggestions.views import team

app_name = "suggestions_team"

urlpatterns = [
    path("suggestions/working/", team.what_is_working, name="working"),
    path("suggestions/missing/", team.what_is_missing, name="missing"),
]
