"""What search needs to know about each service, worked out ahead of time (one row per service).

`SearchFacts` holds the facts the filters ask about (free, days, times, ages, how it is delivered)
so a search reads one narrow table instead of joining a dozen HSDS tables. Beside it: the taxonomy
terms and interest categories a service is listed under, the towns and postcode districts it is
in, and the points of its locations for distance. All of it is derived: `directory.search.facts`
rebuilds a service's rows from the HSDS records (`refresh_for_services`), and `cpi rebuild_search`
rebuilds everything.

The words themselves are indexed outside Django's models, by the database's own full-text search
(`directory.search.fulltext`): an FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .hsds import Organization, Service

# Bits of `SearchFacts.days`, Monday first, as RFC 5545 names the days.
DAY_BITS = {"MO": 1, "TU": 2, "WE": 4, "TH": 8, "FR": 16, "SA": 32, "SU": 64}
# Bits of `SearchFacts.times`: morning before noon, afternoon noon to 5pm, evening from 5pm.
TIME_BITS = {"morning": 1, "afternoon": 2, "evening": 4}
# Bits of `SearchFacts.delivery`.
DELIVERY_BITS = {"in_person": 1, "online": 2}


class SearchFacts(models.Model):
    """One service's searchable facts. Rebuilt whole from the HSDS records; never edited.

    On SQLite a migration that rebuilds this table (adding a column with a default does) loses
    the trigger that keeps the full-text index tidy: end it with `fulltext.install`, as 0004 does.
    """

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="search_facts")
    sort_name = models.CharField(max_length=255)
    # Copies of the service's own fields, so filtering never joins the wide service table.
    is_active = models.BooleanField(default=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    last_modified = models.DateTimeField(null=True, blank=True)
    # Cost has three states: known free (`is_free`), known to cost money (`cost_known` and not
    # `is_free`), and not known (nothing said about cost: neither free nor paid).
    is_free = models.BooleanField(default=False)
    cost_known = models.BooleanField(default=False)
    lowest_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    highest_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(default=0)  # DAY_BITS
    times = models.PositiveSmallIntegerField(default=0)  # TIME_BITS
    delivery = models.PositiveSmallIntegerField(default=0)  # DELIVERY_BITS
    has_accessibility = models.BooleanField(default=False)
    # What is recorded about access (`directory.fit.ACCESS_BITS`): a feature's bit is set only
    # when a record says it is there; `access_known` when anything at all is recorded.
    access_features = models.PositiveIntegerField(default=0)
    access_known = models.BooleanField(default=False)
    # Who it is only for (`directory.fit.AUDIENCE_BITS`); 0 = anyone (within its ages).
    audience = models.PositiveIntegerField(default=0)
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    # The names of the terms and categories it is listed under, for explaining a word's match.
    topics = models.TextField(blank=True, default="")
    # How many located places it has, and when it has one, that point as a unit vector (as in
    # SearchPoint): distance to most services then needs no look at the points table.
    point_count = models.PositiveSmallIntegerField(default=0)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    z = models.FloatField(null=True, blank=True)
    # The first day these facts may no longer hold (a cost option or schedule ends, or the last
    # calendar session to come is over): a search refreshes rows whose day has passed.
    stale_after = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search facts")
        verbose_name_plural = _("search facts")
        indexes = [
            # By name; the id (SQLite's rowid) breaks ties, so a page walks the index in order.
            models.Index(fields=["sort_name", "id"], name="searchfacts_by_name"),
            # Counting the running services reads this small index, not the table.
            models.Index(fields=["is_active"], name="searchfacts_active"),
            models.Index(fields=["last_modified"], name="searchfacts_modified"),
            models.Index(fields=["stale_after"], name="searchfacts_stale"),
        ]

    def __str__(self) -> str:
        return f"Search facts for {self.service_id}"


class SearchTerm(models.Model):
    """A taxonomy term a service is listed under, with the interest category it means, if any."""

    facts = models.ForeignKey(SearchFacts, on_delete=models.CASCADE, related_name="terms")
    term_id = models.UUIDField()
    taxonomy_id = models.UUIDField(null=True, blank=True)
    name = models.CharField(max_length=255)
    category = models.ForeignKey(
        "taxonomy.InterestCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        # Each filter finds its services' facts ids from the index alone.
        indexes = [
            models.Index(fields=["term_id", "facts"], name="searchterm_term"),
            models.Index(fields=["taxonomy_id", "facts"], name="searchterm_taxonomy"),
            models.Index(fields=["category", "facts"], name="searchterm_category"),
        ]

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    TOWN = "town", _("Town")
    POSTCODE = "postcode", _("Postcode district")
    AREA = "area", _("Area served")


class SearchPlace(models.Model):
    """A town, postcode district or named area a service is in or serves, lowercased."""

    facts = models.ForeignKey(SearchFacts, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(max_length=10, choices=PlaceKind.choices)
    place = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("search place")
        verbose_name_plural = _("search places")
        indexes = [models.Index(fields=["place", "facts"], name="searchplace_place")]

    def __str__(self) -> str:
        return self.place


class SearchPoint(models.Model):
    """Where one of a service's locations is: latitude and longitude, and the same point as a
    unit vector (x, y, z), whose straight-line distances order and bound great-circle distance
    with plain arithmetic, so no database needs trigonometry."""

    facts = models.ForeignKey(SearchFacts, on_delete=models.CASCADE, related_name="points")
    latitude = models.FloatField()
    longitude = models.FloatField()
    x = models.FloatField()
    y = models.FloatField()
    z = models.FloatField()
    town = models.CharField(max_length=255, blank=True, default="")  # as written in the address
    town_key = models.CharField(max_length=255, blank=True, default="")  # lowercased

    class Meta:
        verbose_name = _("search point")
        verbose_name_plural = _("search points")
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="searchpoint_box"),
            models.Index(fields=["town_key"], name="searchpoint_town"),
        ]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude}"
