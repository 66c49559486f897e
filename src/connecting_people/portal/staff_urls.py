"""The staff's pages for a person's own space (issue 14), under the person's address:
/people/<person_pk>/own-space/. Not in the `portal` namespace, which is closed to staff."""

from django.urls import path

from connecting_people.portal.views import staff

app_name = "own_space"

urlpatterns = [
    path("", staff.own_space, name="detail"),
    path("invite/", staff.invite, name="invite"),
    path("new-code/", staff.new_code, name="new_code"),
    path("access/<slug:action>/", staff.change_access, name="access"),
]
