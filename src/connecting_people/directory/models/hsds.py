"""The Open Referral HSDS 3.0 objects, one model per schema, with the schema's own field names.

Identifiers are UUIDs, as the standard asks, so records keep their identity across imports and
exports. Optional text is stored as "" (never NULL) and left out of exports when empty. Each
model's `hsds_fields` lists, in the schema's order, the one-to-one fields it exports; the
serialisers in `directory.hsds` build the nested shapes from these.

Nothing here belongs to a team or a person: the team layer is in `team.py` and never leaves.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SHORT = 255
LONG_URL = 2000


def _text(label: StrOrPromise) -> models.TextField:
    return models.TextField(label, blank=True, default="")


def _char(label: StrOrPromise, length: int = SHORT) -> models.CharField:
    return models.CharField(label, max_length=length, blank=True, default="")


def _link(to: str, related_name: str, label: StrOrPromise) -> models.ForeignKey:
    """An optional link to a parent object; removing the parent removes what hangs from it."""
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=label,
    )


class HSDSModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    hsds_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    INACTIVE = "inactive", _("Not running at the moment")
    DEFUNCT = "defunct", _("Closed for good")
    TEMPORARILY_CLOSED = "temporarily closed", _("Closed for now")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("A place to go")
    POSTAL = "postal", _("A postal address")
    VIRTUAL = "virtual", _("Online or by phone")


class AddressType(models.TextChoices):
    PHYSICAL = "physical", _("Where it is")
    POSTAL = "postal", _("For post")
    VIRTUAL = "virtual", _("Online")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Every week")
    MONTHLY = "MONTHLY", _("Every month")


class Organization(HSDSModel):
    name = models.CharField(_("name"), max_length=SHORT)
    alternate_name = _char(_("other name"))
    description = models.TextField(_("description"))
    email = _char(_("email"))
    website = _char(_("website"), LONG_URL)
    tax_status = _char(_("tax status"))
    tax_id = _char(_("tax identifier"))
    year_incorporated = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    legal_status = _char(_("legal status"))
    logo = _char(_("logo"), LONG_URL)
    uri = _char(_("persistent address"), LONG_URL)
    parent_organization = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        db_constraint=False,
        verbose_name=_("parent organisation"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    hsds_fields = (
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(HSDSModel):
    organization = _link("Organization", "organization_identifiers", _("organisation"))
    identifier_scheme = _char(_("scheme"))
    identifier_type = models.CharField(_("type"), max_length=SHORT)
    identifier = models.CharField(_("identifier"), max_length=SHORT)

    hsds_fields = ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier")

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")


class Program(HSDSModel):
    organization = _link("Organization", "programs", _("organisation"))
    name = models.CharField(_("name"), max_length=SHORT)
    alternate_name = _char(_("other name"))
    description = models.TextField(_("description"))

    hsds_fields = ("id", "organization_id", "name", "alternate_name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Service(HSDSModel):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("organisation"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=SHORT)
    alternate_name = _char(_("other name"))
    description = _text(_("what it is"))
    url = _char(_("website"), LONG_URL)
    email = _char(_("email"))
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = _text(_("interpreting"))
    application_process = _text(_("how to join"))
    fees_description = _text(_("about the cost"))
    wait_time = _char(_("wait"))
    fees = _text(_("fees"))
    accreditations = _text(_("accreditations"))
    eligibility_description = _text(_("who it is for"))
    minimum_age = models.FloatField(_("youngest age"), null=True, blank=True)
    maximum_age = models.FloatField(_("oldest age"), null=True, blank=True)
    assured_date = models.DateField(_("date assured"), null=True, blank=True)
    assurer_email = _char(_("assurer's email"))
    licenses = _text(_("licences"))
    alert = _text(_("alert"))
    last_modified = models.DateTimeField(_("last changed"), null=True, blank=True, db_index=True)
    # Ours, not HSDS: refuses a second conflicting edit, and stamps our own changes.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    hsds_fields = (
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ServiceStatus.values), name="service_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceArea(HSDSModel):
    service = _link("Service", "service_areas", _("service"))
    name = _char(_("name"), 1000)
    description = _text(_("description"))
    extent = _text(_("extent"))
    extent_type = _char(_("extent type"))
    uri = _char(_("address"), LONG_URL)

    hsds_fields = ("id", "service_id", "name", "description", "extent", "extent_type", "uri")

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class Location(HSDSModel):
    location_type = models.CharField(
        _("kind of location"), max_length=10, choices=LocationType.choices
    )
    url = _char(_("web address"), LONG_URL)
    organization = _link("Organization", "locations", _("organisation"))
    name = _char(_("name"))
    alternate_name = _char(_("other name"))
    description = _text(_("description"))
    transportation = _text(_("getting there"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = _char(_("external identifier"))
    external_identifier_type = _char(_("external identifier type"))

    hsds_fields = (
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_point")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(location_type__in=LocationType.values),
                name="location_type_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_location_type_display())


class Address(HSDSModel):
    location = _link("Location", "addresses", _("location"))
    attention = _char(_("for the attention of"))
    address_1 = models.CharField(_("address line 1"), max_length=SHORT)
    address_2 = _char(_("address line 2"))
    city = models.CharField(_("town or city"), max_length=SHORT)
    region = _char(_("region"))
    state_province = models.CharField(_("county"), max_length=SHORT)
    postal_code = models.CharField(_("postcode"), max_length=SHORT)
    country = models.CharField(_("country"), max_length=SHORT)
    address_type = models.CharField(
        _("kind of address"), max_length=10, choices=AddressType.choices
    )

    hsds_fields = (
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(address_type__in=AddressType.values), name="address_type_known"
            ),
        ]


class ServiceAtLocation(HSDSModel):
    service = _link("Service", "service_at_locations", _("service"))
    location = _link("Location", "service_at_locations", _("location"))
    description = _text(_("description"))

    hsds_fields = ("id", "service_id", "location_id", "description")

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")


class Contact(HSDSModel):
    organization = _link("Organization", "contacts", _("organisation"))
    service = _link("Service", "contacts", _("service"))
    service_at_location = _link("ServiceAtLocation", "contacts", _("service at a location"))
    location = _link("Location", "contacts", _("location"))
    name = _char(_("name"))
    title = _char(_("job title"))
    department = _char(_("department"))
    email = _char(_("email"))

    hsds_fields = (
        "id",
        "organization_id",
        "service_id",
        "service_at_location_id",
        "location_id",
        "name",
        "title",
        "department",
        "email",
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class Phone(HSDSModel):
    location = _link("Location", "phones", _("location"))
    service = _link("Service", "phones", _("service"))
    organization = _link("Organization", "phones", _("organisation"))
    contact = _link("Contact", "phones", _("contact"))
    service_at_location = _link("ServiceAtLocation", "phones", _("service at a location"))
    number = models.CharField(_("number"), max_length=SHORT)
    extension = models.FloatField(_("extension"), null=True, blank=True)
    type = _char(_("kind of phone"))
    description = _text(_("description"))

    hsds_fields = (
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    )

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")


class Schedule(HSDSModel):
    """When a service runs, in RFC 5545 (iCalendar) recurrence terms, as HSDS 3.0 has it."""

    service = _link("Service", "schedules", _("service"))
    location = _link("Location", "schedules", _("location"))
    service_at_location = _link("ServiceAtLocation", "schedules", _("service at a location"))
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    dtstart = models.DateField(_("first date"), null=True, blank=True)
    timezone = models.FloatField(_("offset from UTC, hours"), null=True, blank=True)
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveIntegerField(_("how many times"), null=True, blank=True)
    wkst = models.CharField(
        _("week starts"), max_length=2, choices=Weekday.choices, blank=True, default=""
    )
    freq = models.CharField(
        _("how often"), max_length=7, choices=Frequency.choices, blank=True, default=""
    )
    interval = models.PositiveIntegerField(_("every"), null=True, blank=True)
    byday = _char(_("days"))
    byweekno = _char(_("weeks of the year"))
    bymonthday = _char(_("days of the month"))
    byyearday = _char(_("days of the year"))
    description = _text(_("description"))
    opens_at = models.TimeField(_("starts"), null=True, blank=True)
    closes_at = models.TimeField(_("ends"), null=True, blank=True)
    schedule_link = _char(_("timetable link"), LONG_URL)
    attending_type = _char(_("how to attend"), 1000)
    notes = _text(_("notes"))

    hsds_fields = (
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    )

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(freq__in=["", *Frequency.values]), name="schedule_freq_known"
            ),
            models.CheckConstraint(
                condition=models.Q(wkst__in=["", *Weekday.values]), name="schedule_wkst_known"
            ),
        ]


class CostOption(HSDSModel):
    service = _link("Service", "cost_options", _("service"))
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    option = _char(_("what it covers"), 1000)
    currency = _char(_("currency"), 3)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_description = _text(_("about the amount"))

    hsds_fields = (
        "id",
        "service_id",
        "valid_from",
        "valid_to",
        "option",
        "currency",
        "amount",
        "amount_description",
    )

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")


class Funding(HSDSModel):
    organization = _link("Organization", "funding", _("organisation"))
    service = _link("Service", "funding", _("service"))
    source = _text(_("source"))

    hsds_fields = ("id", "organization_id", "service_id", "source")

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


class Language(HSDSModel):
    service = _link("Service", "languages", _("service"))
    location = _link("Location", "languages", _("location"))
    phone = _link("Phone", "languages", _("phone"))
    name = _char(_("language"))
    code = _char(_("code"), 35)
    note = _text(_("note"))

    hsds_fields = ("id", "service_id", "location_id", "phone_id", "name", "code", "note")

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Accessibility(HSDSModel):
    location = _link("Location", "accessibility", _("location"))
    description = _text(_("description"))
    details = _text(_("details"))
    url = _char(_("web address"), LONG_URL)

    hsds_fields = ("id", "location_id", "description", "details", "url")

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")


class RequiredDocument(HSDSModel):
    service = _link("Service", "required_documents", _("service"))
    document = _text(_("document"))
    uri = _char(_("web address"), LONG_URL)

    hsds_fields = ("id", "service_id", "document", "uri")

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")


class Taxonomy(HSDSModel):
    name = models.CharField(_("name"), max_length=SHORT)
    description = models.TextField(_("description"))
    uri = _char(_("web address"), LONG_URL)
    version = _char(_("version"))

    hsds_fields = ("id", "name", "description", "uri", "version")

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HSDSModel):
    code = _char(_("code"))
    name = models.CharField(_("name"), max_length=SHORT)
    description = models.TextField(_("description"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        db_constraint=False,
        verbose_name=_("broader term"),
    )
    taxonomy = _char(_("taxonomy name"))
    taxonomy_detail = models.ForeignKey(
        Taxonomy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
        db_column="taxonomy_id",
        verbose_name=_("taxonomy"),
    )
    language = _char(_("language"), 35)
    term_uri = _char(_("web address"), LONG_URL)
    # Ours, not HSDS: the interest category this term means, so any directory's terms can be
    # matched to what people enjoy. Set on our own interest terms; chosen by staff for imports.
    interest_category = models.ForeignKey(
        "taxonomy.InterestCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taxonomy_terms",
        verbose_name=_("matches interest"),
    )

    hsds_fields = (
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name


class Attribute(HSDSModel):
    """A taxonomy term attached to any object (HSDS's generic link: entity name and id)."""

    link_id = models.UUIDField(_("linked record"), null=True, blank=True)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attributes",
        verbose_name=_("term"),
    )
    link_type = _char(_("link type"))
    link_entity = _char(_("linked kind of record"), 50)
    value = _text(_("value"))

    hsds_fields = ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [models.Index(fields=["link_entity", "link_id"], name="attribute_link")]


class Metadata(HSDSModel):
    """HSDS's change log for any object: what changed, when and by whom."""

    resource_id = models.UUIDField(_("record"), null=True, blank=True)
    resource_type = _char(_("kind of record"), 50)
    last_action_date = models.DateTimeField(_("when"))
    last_action_type = models.CharField(_("what happened"), max_length=SHORT)
    field_name = models.CharField(_("field"), max_length=SHORT)
    previous_value = models.TextField(_("before"), blank=True)
    replacement_value = models.TextField(_("after"), blank=True)
    updated_by = models.CharField(_("by"), max_length=SHORT)

    hsds_fields = (
        "id",
        "resource_id",
        "resource_type",
        "last_action_date",
        "last_action_type",
        "field_name",
        "previous_value",
        "replacement_value",
        "updated_by",
    )

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["resource_type", "resource_id"], name="metadata_resource")]
