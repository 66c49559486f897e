from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("connecting_people.core.urls")),
    path("", include("connecting_people.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]
