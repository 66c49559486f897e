from django.urls import path

from connecting_people.practice.guidance import views

app_name = "guidance"

# Mounted at about/: the About page itself, each part of the model at about/model/<part>/, and
# hiding or showing the practice prompts.
urlpatterns = [
    path("", views.about, name="about"),
    path("model/<slug:part>/", views.part, name="part"),
    path("prompts/show/", views.prompts_show, name="prompts_show"),
    path("prompts/<slug:key>/hide/", views.prompt_hide, name="prompt_hide"),
]
