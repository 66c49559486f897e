"""The person's plan, under /people/<person_pk>/: goals and steps, barriers, contacts."""

from django.urls import path

from connecting_people.plans import views

app_name = "plans"

urlpatterns = [
    path("<int:person_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("<int:person_pk>/goals/<int:pk>/", views.goal_detail, name="goal"),
    path("<int:person_pk>/goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("<int:person_pk>/goals/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("<int:person_pk>/goals/<int:pk>/steps/new/", views.step_add, name="step_add"),
    path(
        "<int:person_pk>/goals/<int:pk>/steps/<int:step_pk>/edit/",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "<int:person_pk>/goals/<int:pk>/steps/<int:step_pk>/status/",
        views.step_status,
        name="step_status",
    ),
    path(
        "<int:person_pk>/goals/<int:pk>/steps/reorder/",
        views.steps_reorder,
        name="steps_reorder",
    ),
    path("<int:person_pk>/barriers/new/", views.barrier_create, name="barrier_create"),
    path("<int:person_pk>/barriers/<int:pk>/", views.barrier_detail, name="barrier"),
    path("<int:person_pk>/barriers/<int:pk>/edit/", views.barrier_edit, name="barrier_edit"),
    path("<int:person_pk>/contacts/", views.contacts, name="contacts"),
    path("<int:person_pk>/contacts/new/", views.contact_log, name="contact_log"),
    path("<int:person_pk>/contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
]
