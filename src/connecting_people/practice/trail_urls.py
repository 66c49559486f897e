from django.urls import path

from connecting_people.practice import trail

app_name = "trail"

urlpatterns = [
    path("", trail.audit_trail, name="search"),
]
