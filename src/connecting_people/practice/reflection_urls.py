from django.urls import path

from connecting_people.practice.reflection import question_views, views

app_name = "reflection"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("this-quarter/", views.take, name="take"),
    path("questions/<int:pk>/", question_views.questions, name="questions"),
    path("<slug:period>/", views.result, name="result"),
]
