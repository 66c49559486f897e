from django.urls import path

from connecting_people.practice.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.needs_doing_list, name="list"),
    path("email/", views.email_choice, name="email"),
]
