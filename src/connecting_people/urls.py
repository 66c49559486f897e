from django.contrib import admin
from django.urls import include, path

from connecting_people.api.v1.api import api as api_v1
from connecting_people.api.v1.fhir import fhir_api

urlpatterns = [
    path("", include("connecting_people.core.urls")),
    path("about/", include("connecting_people.practice.guidance_urls")),  # issue 13: the model
    path("", include("connecting_people.accounts.urls")),
    path("people/", include("connecting_people.practice.urls")),
    path("people/", include("connecting_people.people.urls")),
    path("people/", include("connecting_people.plans.urls")),
    path("people/", include("connecting_people.network.urls")),
    path("people/", include("connecting_people.suggestions.team_urls")),
    path("people/", include("connecting_people.suggestions.urls")),
    path("people/", include("connecting_people.outcomes.urls")),
    path("team/reflection/", include("connecting_people.practice.reflection_urls")),  # issue 13
    path("team/indicators/", include("connecting_people.practice.indicator_urls")),
    path("team/", include("connecting_people.practice.team_urls")),  # issue 13: the team page
    path("audit/", include("connecting_people.practice.trail_urls")),  # issue 15: the trail
    path("needs-doing/", include("connecting_people.practice.reminder_urls")),  # issue 13
    path("erasure/", include("connecting_people.people.erasure_urls")),  # issue 15: erasure
    path("my/", include("connecting_people.portal.urls")),  # issue 14: the person's own space
    # issue 14: the staff's side of a person's own space (invite, pause, end, a new code)
    path("people/<int:person_pk>/own-space/", include("connecting_people.portal.staff_urls")),
    path("directory/", include("connecting_people.directory.urls")),
    path("research/", include("connecting_people.research.urls")),
    path("api/hsds/", include("connecting_people.api.hsds.urls")),
    path("api/v1/", api_v1.urls),  # issue 19: the JSON API (ADR 0022, docs/api.md)
    path("api/fhir/", fhir_api.urls),  # issue 19: a plan as FHIR R4 (ADR 0023, docs/fhir.md)
    path("account/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

# Our own error page; when the database does not answer, a "not available just now" page (503).
handler500 = "connecting_people.core.errors.server_error"
handler400 = "connecting_people.core.errors.bad_request"
handler403 = "connecting_people.core.errors.permission_denied"
handler404 = "connecting_people.core.errors.page_not_found"
