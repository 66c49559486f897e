"""The directory's screens, under /directory/. Views live in `directory/views/` by subject."""

from django.urls import path

from connecting_people.directory.views import (
    changes,
    connectors,
    entries,
    services,
    sources,
    terms,
)

app_name = "directory"

urlpatterns = [
    # Browse and search (views/services.py)
    path("", services.browse, name="browse"),
    path("services/new/", services.service_add, name="service_add"),
    path("services/<uuid:pk>/", services.service_detail, name="service"),
    path("services/<uuid:pk>/edit/", services.service_edit, name="service_edit"),
    # Suggested changes to services kept by another organisation (views/changes.py)
    path("services/<uuid:pk>/suggest/", changes.suggest, name="suggest"),
    path("suggestions/", changes.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/", changes.suggestion_detail, name="suggestion"),
    path("suggestions/<int:pk>/accept/", changes.suggestion_accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/decline/", changes.suggestion_decline, name="suggestion_decline"),
    # The team layer on a service (views/entries.py)
    path("services/<uuid:pk>/team/", entries.entry_edit, name="entry_edit"),
    path("services/<uuid:pk>/checked/", entries.mark_checked, name="mark_checked"),
    path("services/<uuid:pk>/knowers/", entries.knower_add, name="knower_add"),
    path(
        "services/<uuid:pk>/knowers/<int:knower_pk>/remove/",
        entries.knower_remove,
        name="knower_remove",
    ),
    path("services/<uuid:pk>/feedback/", entries.feedback_add, name="feedback_add"),
    path("services/<uuid:pk>/stop-using/", entries.entry_remove, name="entry_remove"),
    path("to-check/", entries.to_check, name="to_check"),
    # Matching other directories' taxonomy terms to our interests (views/terms.py)
    path("terms/", terms.terms, name="terms"),
    # Published directories kept in step (views/sources.py)
    path("sources/", sources.source_list, name="sources"),
    path("sources/<int:pk>/", sources.source_detail, name="source"),
    path("sources/<int:pk>/sync/", sources.source_sync, name="source_sync"),
    path("sources/<int:pk>/remove/", sources.source_remove, name="source_remove"),
    # Community connectors (views/connectors.py)
    path("connectors/", connectors.connector_list, name="connectors"),
    path("connectors/new/", connectors.connector_add, name="connector_add"),
    path("connectors/<int:pk>/", connectors.connector_detail, name="connector"),
    path("connectors/<int:pk>/edit/", connectors.connector_edit, name="connector_edit"),
    path("connectors/<int:pk>/checked/", connectors.connector_checked, name="connector_checked"),
]
