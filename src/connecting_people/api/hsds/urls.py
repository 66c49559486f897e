"""The HSDS 3.0 read API, under /api/hsds/: the paths as the specification writes them, with or
without a trailing slash. Anything else here is a JSON 404."""

from django.urls import re_path

from connecting_people.api.hsds import views as api

app_name = "hsds"

urlpatterns = [
    re_path(r"^$", api.api_root, name="root"),
    re_path(r"^services/?$", api.service_list, name="services"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", api.service_detail, name="service"),
    re_path(r"^organizations/?$", api.organization_list, name="organizations"),
    re_path(r"^organizations/(?P<pk>[^/]+)/?$", api.organization_detail, name="organization"),
    re_path(r"^taxonomies/?$", api.taxonomy_list, name="taxonomies"),
    re_path(r"^taxonomies/(?P<pk>[^/]+)/?$", api.taxonomy_detail, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_term_list, name="taxonomy_terms"),
    re_path(r"^taxonomy_terms/(?P<pk>[^/]+)/?$", api.taxonomy_term_detail, name="taxonomy_term"),
    re_path(r"^service_at_locations/?$", api.service_at_location_list, name="service_at_locations"),
    re_path(
        r"^service_at_locations/(?P<pk>[^/]+)/?$",
        api.service_at_location_detail,
        name="service_at_location",
    ),
    re_path(r"^(?P<rest>.*)$", api.not_found, name="not_found"),
]
