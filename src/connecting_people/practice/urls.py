from django.urls import path

from connecting_people.practice import moving_on, trail, views
from connecting_people.practice.updates import views as updates

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
    # issue 14: the person's updates from their own space, and their moving-on pack
    path("<int:pk>/updates/", updates.person_updates_list, name="updates"),
    path("<int:pk>/updates/seen/", updates.updates_seen, name="updates_seen"),
    path("<int:pk>/moving-on/", moving_on.moving_on_pack_page, name="moving_on"),
]
