from django.urls import path

from connecting_people.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("team/switch/", views.switch_team, name="switch_team"),
    path("healthz", views.health, name="health"),
]
