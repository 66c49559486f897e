from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("connecting_people.core.urls")),
    path("", include("connecting_people.accounts.urls")),
    path("people/", include("connecting_people.practice.urls")),
    path("people/", include("connecting_people.people.urls")),
    path("people/", include("connecting_people.plans.urls")),
    path("people/", include("connecting_people.network.urls")),
    path("people/", include("connecting_people.suggestions.team_urls")),
    path("people/", include("connecting_people.suggestions.urls")),
    path("people/", include("connecting_people.outcomes.urls")),
    path("audit/", include("connecting_people.practice.trail_urls")),  # issue 15: the trail
    path("directory/", include("connecting_people.directory.urls")),
    path("research/", include("connecting_people.research.urls")),
    path("api/hsds/", include("connecting_people.api.hsds.urls")),
    path("account/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

# Our own error page; when the database does not answer, a "not available just now" page (503).
handler500 = "connecting_people.core.errors.server_error"
handler400 = "connecting_people.core.errors.bad_request"
