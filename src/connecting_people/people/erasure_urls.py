from django.urls import path

from connecting_people.people import erasure_views

app_name = "erasure"

urlpatterns = [
    path("", erasure_views.erasure_waiting, name="waiting"),
    path("<int:pk>/", erasure_views.erasure_decide, name="confirm"),
    path("<int:pk>/cancel/", erasure_views.erasure_withdraw, name="cancel"),
]
