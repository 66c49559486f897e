from django.urls import path

from connecting_people.practice.reflection import views

app_name = "reflection"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("this-quarter/", views.take, name="take"),
    path("<slug:period>/", views.result, name="result"),
]
