from django.urls import path

from connecting_people.practice import indicator_views

app_name = "indicators"

urlpatterns = [
    path("", indicator_views.team, name="team"),
    path("workers/<int:user_pk>/", indicator_views.worker, name="worker"),
    path("<slug:key>/", indicator_views.detail, name="detail"),
]
