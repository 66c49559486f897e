"""The research export for evaluators, under /research/."""

from django.urls import path

from connecting_people.research import views

app_name = "research"

urlpatterns = [
    path("export/", views.export, name="export"),
]
