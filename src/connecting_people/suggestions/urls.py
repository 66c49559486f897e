"""A person's suggestions, under /people/<person_pk>/suggestions/ (views in views/)."""

from django.urls import path

from connecting_people.suggestions.views import moves, person, preferences

app_name = "suggestions"

urlpatterns = [
    path("<int:person_pk>/suggestions/", person.suggestions_page, name="page"),
    path("<int:person_pk>/suggestions/add/", person.suggestion_add, name="add"),
    path("<int:person_pk>/suggestions/ideas/", person.idea_add, name="idea_add"),
    path(
        "<int:person_pk>/suggestions/preferences/",
        preferences.preferences_edit,
        name="preferences",
    ),
    path("<int:person_pk>/suggestions/<int:pk>/move/", moves.suggestion_move, name="move"),
    path(
        "<int:person_pk>/suggestions/<int:pk>/shortlist/",
        moves.suggestion_shortlist,
        name="shortlist",
    ),
    path("<int:person_pk>/suggestions/<int:pk>/tried/", moves.suggestion_tried, name="tried"),
    path(
        "<int:person_pk>/suggestions/<int:pk>/not-for-me/",
        moves.suggestion_not_for_me,
        name="not_for_me",
    ),
]
