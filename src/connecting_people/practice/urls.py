from django.urls import path

from connecting_people.practice import trail, views

app_name = "practice"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("keyworker/", views.keyworker_move, name="keyworker_move"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/session/", views.session, name="session"),
    path("<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("<int:pk>/history/", views.person_history, name="history"),
    path("<int:pk>/everything/", views.subject_access, name="subject_access"),
    path("<int:pk>/plan/", views.person_plan_print, name="plan"),
    path("<int:pk>/looked/", trail.who_has_looked, name="looked"),
]
