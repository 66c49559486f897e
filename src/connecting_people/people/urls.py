from django.urls import path

from connecting_people.people import erasure_views, import_views, views

app_name = "people"

urlpatterns = [
    path("new/", views.person_create, name="create"),
    path("import/", import_views.person_import, name="import"),
    path("import/confirm/", import_views.person_import_confirm, name="import_confirm"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/erase/", erasure_views.erasure_ask, name="erase"),
    path("<int:pk>/status/<slug:action>/", views.person_status, name="status"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/interests/new/", views.interest_add, name="interest_add"),
    path("<int:pk>/interests/<int:interest_pk>/", views.interest_edit, name="interest_edit"),
    path("<int:pk>/skills/new/", views.skill_add, name="skill_add"),
    path("<int:pk>/skills/<int:skill_pk>/remove/", views.skill_remove, name="skill_remove"),
]
