"""The network map, under /people/<person_pk>/network/, and the team's view at /people/network/."""

from django.urls import path

from connecting_people.network import snapshot_views, views

app_name = "network"

urlpatterns = [
    path("network/", snapshot_views.team, name="team"),
    path("<int:person_pk>/network/", views.network_map, name="map"),
    path(
        "<int:person_pk>/network/connections/new/",
        views.connection_add,
        name="connection_add",
    ),
    path(
        "<int:person_pk>/network/connections/<int:pk>/",
        views.connection_edit,
        name="connection_edit",
    ),
    path(
        "<int:person_pk>/network/connections/<int:pk>/end/",
        views.connection_end,
        name="connection_end",
    ),
    path(
        "<int:person_pk>/network/connections/<int:pk>/delete/",
        views.connection_delete,
        name="connection_delete",
    ),
    path("<int:person_pk>/network/connections/<int:pk>/knows/", views.ties, name="ties"),
    path(
        "<int:person_pk>/network/snapshots/new/",
        snapshot_views.snapshot_take,
        name="snapshot_take",
    ),
    path(
        "<int:person_pk>/network/snapshots/<int:pk>/",
        snapshot_views.snapshot_detail,
        name="snapshot",
    ),
    path(
        "<int:person_pk>/network/snapshots/<int:pk>/correct/",
        snapshot_views.snapshot_correct,
        name="snapshot_correct",
    ),
    path("<int:person_pk>/network/compare/", snapshot_views.compare, name="compare"),
    path("<int:person_pk>/network/export/", snapshot_views.network_export, name="export"),
]
