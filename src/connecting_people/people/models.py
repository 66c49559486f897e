"""The person supported: their record, where they are in the service, interests and skills."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connecting_people.people.validators import validate_nhs_number


class Status(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACTIVE = "active", _("Active")
    MOVING_ON = "moving_on", _("Moving on")
    MOVED_ON = "moved_on", _("Moved on")


# People the team is working with now: everyone who has not moved on.
OPEN_STATUSES = (Status.REFERRED, Status.ACTIVE, Status.MOVING_ON)


class Destination(models.TextChoices):
    LOWER_SUPPORT = "lower_support", _("To lower support")
    BEYOND_SERVICES = "beyond_services", _("To activity beyond services")
    LEFT_SERVICE = "left_service", _("Left the service")
    OTHER = "other", _("Somewhere else")


class PersonQuerySet(models.QuerySet["Person"]):
    def open(self) -> PersonQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def in_research(self) -> PersonQuerySet:
        """People whose records may go into research exports: all but those who opted out."""
        return self.filter(research_opt_out=False)


class Person(models.Model):
    """Someone a team supports. Their plan, map and measures hang off this record."""

    team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, related_name="people", verbose_name=_("team")
    )
    keyworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="keyworker_for",
        verbose_name=_("keyworker"),
    )
    preferred_name = models.CharField(_("preferred name"), max_length=100)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    local_id = models.CharField(_("local ID"), max_length=50, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    what_matters = models.TextField(_("what matters to me"), blank=True)
    started_on = models.DateField(_("date started"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED
    )
    moved_on_on = models.DateField(_("date moved on"), null=True, blank=True)
    destination = models.CharField(
        _("moving on to"), max_length=20, choices=Destination.choices, blank=True
    )
    moving_on_plan = models.TextField(_("moving-on plan"), blank=True)
    # Left out of every research export and its counts; the team's own pages are unchanged.
    research_opt_out = models.BooleanField(_("leave them out of research"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "team"
    access_person_path = "pk"  # issue 14: the person's own account reaches this record

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["team", "status"], name="person_team_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="person_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.MOVED_ON)
                | (Q(moved_on_on__isnull=False) & ~Q(destination="")),
                name="moved_on_needs_date_and_destination",
            ),
            models.CheckConstraint(
                condition=~Q(preferred_name=""), name="person_has_preferred_name"
            ),
            models.UniqueConstraint(
                fields=["team", "nhs_number"],
                condition=~Q(nhs_number=""),
                name="nhs_number_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["team", "local_id"],
                condition=~Q(local_id=""),
                name="local_id_once_per_team",
            ),
        ]

    def __str__(self) -> str:
        return self.preferred_name

    def get_absolute_url(self) -> str:
        """The person's page. It is drawn by a face above this app (practice), so it is named
        here once, by its URL name, and never imported: code below the faces that sends someone
        to the person's page redirects to the person."""
        return reverse("practice:person", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StatusChangeKind(models.TextChoices):
    REFERRED = "referred", _("Referred")
    STARTED = "started", _("Started working together")
    MOVING_ON = "moving_on", _("Started moving on")
    MOVED_ON = "moved_on", _("Moved on")
    RETURNED = "returned", _("Came back")
    BACK_TO_ACTIVE = "back_to_active", _("Carrying on working together")


class StatusChange(models.Model):
    """One dated step in the person's time with the service. Never edited or deleted."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_changes")
    kind = models.CharField(_("what happened"), max_length=20, choices=StatusChangeKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("why"), blank=True)
    destination = models.CharField(max_length=20, choices=Destination.choices, blank=True)
    moving_on_plan = models.TextField(_("moving-on plan"), blank=True)
    # Asked when someone is moving on: have they agreed that the team keeps in touch afterwards?
    # Null is "not asked" (every step recorded before the question was).
    keep_in_touch = models.BooleanField(_("agreed to keep in touch"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["on", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} on {self.on}"


class InterestWhen(models.TextChoices):
    USED_TO = "used_to", _("Used to")
    DO_NOW = "do_now", _("Do now")
    WOULD_LIKE_TO_TRY = "would_like_to_try", _("Would like to try")


class Interest(models.Model):
    """Something the person enjoyed, enjoys or would like to try."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    when = models.CharField(_("when"), max_length=20, choices=InterestWhen.choices)
    description = models.CharField(_("in their words"), max_length=300)
    categories = models.ManyToManyField(
        "taxonomy.InterestCategory", related_name="interests", verbose_name=_("kinds of interest")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["when", "pk"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.CheckConstraint(
                condition=Q(when__in=InterestWhen.values), name="interest_when_known"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Skill(models.Model):
    """Something the person knows or can do, that they could share with or teach others."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    description = models.CharField(_("skill or knowledge"), max_length=300)
    would_teach = models.BooleanField(_("happy to teach or share it"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.description


class ConsentKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("Recording information about other people")
    RESEARCH = "research", _("Taking part in research")
    EMAIL = "email", _("Being contacted by email")
    TEXT = "text", _("Being contacted by text message")


class Consent(models.Model):
    """One dated answer the person gave about one kind of consent. Never edited or deleted: a
    change of mind is a new row, so the history of what they said, and when, is kept.

    The latest research row is the one source of truth for research; `Person.research_opt_out`
    is its copy kept in step by `services.consent_record` in the same transaction (every research
    export filters on that column, so it stays a column)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["on", "at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsentKind.values), name="consent_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} on {self.on}"


class ErasedPerson(models.Model):
    """What is left of someone whose record was erased (ADR 0018): no name, no words, nothing
    that tells who they were; only what the team's counts need: the team, when the work began
    and ended, where it had got to and where they moved on to."""

    # Counts only: unlike a person's record, nothing here stops a team being removed.
    team = models.ForeignKey(
        "core.Team", on_delete=models.CASCADE, related_name="erased_people", verbose_name=_("team")
    )
    started_on = models.DateField(_("date started"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    moved_on_on = models.DateField(_("date moved on"), null=True, blank=True)
    destination = models.CharField(
        _("moving on to"), max_length=20, choices=Destination.choices, blank=True
    )
    erased_on = models.DateField(_("erased on"), default=timezone.localdate)
    # Whether their numbers may be counted in reports for research (the report of change's
    # "research only" view leaves out those who asked to be left out, erased or not).
    research_opt_out = models.BooleanField(_("left out of research"), default=False)

    access_team_path = "team"

    class Meta:
        ordering = ["erased_on", "pk"]
        verbose_name = _("erased record")
        verbose_name_plural = _("erased records")

    def __str__(self) -> str:
        return f"Erased record {self.pk}"


class ErasedActivity(models.Model):
    """One dated thing an erased person did that a team's counts include (a new connection, an
    activity tried or kept up, a skill shared), kept as a kind and a day only. `item` tells two
    changes of the same suggestion apart from two suggestions (a number with no meaning outside
    this erased record), so counts of distinct things stay exact."""

    erased = models.ForeignKey(
        ErasedPerson, on_delete=models.CASCADE, related_name="activities", verbose_name=_("erased")
    )
    kind = models.CharField(_("kind"), max_length=40)
    on = models.DateField(_("on"))
    item = models.PositiveIntegerField(_("item"), default=0)

    class Meta:
        ordering = ["erased", "on", "pk"]
        verbose_name = _("erased record's activity")
        verbose_name_plural = _("erased records' activities")
        indexes = [models.Index(fields=["kind", "on"], name="erased_activity_by_kind")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on.isoformat()}"


class ErasureStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a second person")
    CONFIRMED = "confirmed", _("Erased")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Lapsed without a second person")


class ErasureRequest(models.Model):
    """Someone asking for a person's record to be erased. Nothing happens until a second person
    allowed to erase it confirms; the one who asked can never confirm their own request, and a
    request left unconfirmed for `ERASURE_REQUEST_DAYS` lapses (`services.erasure`)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,  # the record goes when the request is confirmed; this stays
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("why the record should be erased"), max_length=1000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    erased = models.OneToOneField(
        ErasedPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    access_team_path = "team"

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("request to erase a record")
        verbose_name_plural = _("requests to erase a record")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ErasureStatus.values), name="erasure_status_known"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="waiting"),
                name="one_waiting_erasure_request",
            ),
            # Never confirmed by the one who asked (a cancellation by them is fine).
            models.CheckConstraint(
                condition=~Q(status="confirmed", decided_by=models.F("requested_by")),
                name="erasure_not_confirmed_by_asker",
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} to erase a record ({self.get_status_display()})"


# Accounts made for a printed code get an address here: `.invalid` never receives mail (RFC 2606).
NO_MAIL_DOMAIN = "people.invalid"


class PersonAccountStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ACTIVE = "active", _("can sign in")
    PAUSED = "paused", _("paused by the team")
    ENDED = "ended", _("ended")


class PersonAccount(models.Model):
    """A person's own way in to their space (issue 14): one sign-in account for one person.

    The account (`accounts.User` with `is_person`) signs in; this record says whose it is and
    whether it may be used now. Only an active account whose `access_until` has not passed reaches
    the person's space (`core.access.own`); the team pauses or ends it, and at moving on sets how
    long the person keeps signing in.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="account", verbose_name=_("person")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="person_account",
        verbose_name=_("sign-in account"),
    )
    status = models.CharField(
        _("access"),
        max_length=20,
        choices=PersonAccountStatus.choices,
        default=PersonAccountStatus.INVITED,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    access_until = models.DateField(
        _("can sign in until"),
        null=True,
        blank=True,
        help_text=_("Left empty, access carries on until the team pauses or ends it."),
    )
    # The one-time code of the latest invitation (or new code): hashed like a password, never
    # kept in clear; emptied when it is used, and replaced (so voided) by the next one.
    code_hash = models.CharField(max_length=128, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    class Meta:
        verbose_name = _("person's own account")
        verbose_name_plural = _("people's own accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PersonAccountStatus.values),
                name="person_account_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"

    @property
    def has_email(self) -> bool:
        """Whether the account's address receives mail (one made for a printed code never does)."""
        return not self.user.email.endswith(f"@{NO_MAIL_DOMAIN}")

    @property
    def sign_in_name(self) -> str:
        """What the person types to sign in: their email address, or the short name on the letter
        that came with a printed code (the address without its domain, which can get no mail)."""
        return self.user.email if self.has_email else self.user.email.split("@")[0]


class AboutKind(models.TextChoices):
    """What a person's own words are about (issue 14): a part of their record the worker wrote.

    Named by kind and id rather than by a foreign key to each model, so that the map's
    connections and any later part of the record can be spoken about without a new table (the
    kinds below `people` are named here as words, never imported)."""

    WHAT_MATTERS = "what_matters", _("what matters to me")
    GOAL = "goal", _("a goal")
    STEP = "step", _("a step")
    BARRIER = "barrier", _("something in the way")
    CONTACT = "contact", _("a meeting")
    CONNECTION = "connection", _("someone on my map")
    INTEREST = "interest", _("an interest")


class DifferentView(models.Model):
    """Where the person sees it differently from what the worker wrote (issue 14): their view,
    kept beside the worker's words; neither overwrites the other.

    `about_kind` and `about_id` name the record (for what matters, the person's own id);
    `about_field` optionally names the part of it ("notes", "what_happened")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="different_views")
    about_kind = models.CharField(_("about"), max_length=20, choices=AboutKind.choices)
    about_id = models.PositiveBigIntegerField(_("record"))
    about_field = models.CharField(_("part"), max_length=40, blank=True)
    text = models.TextField(_("how I see it"), max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("different view")
        verbose_name_plural = _("different views")
        indexes = [
            models.Index(fields=["person", "about_kind", "about_id"], name="differentview_about")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(about_kind__in=AboutKind.values), name="differentview_kind_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="differentview_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_about_kind_display()}"


class OwnUpdate(models.Model):
    """A short update the person writes for their worker in their own space (issue 14), such as
    how a step went. The worker's feed reads these (and their audit events)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="own_updates")
    text = models.TextField(_("your update"), max_length=2000)
    about_kind = models.CharField(_("about"), max_length=20, choices=AboutKind.choices, blank=True)
    about_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    access_team_path = "person__team"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("update from the person")
        verbose_name_plural = _("updates from the person")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="ownupdate_has_text"),
            models.CheckConstraint(
                condition=Q(about_kind="") | Q(about_kind__in=AboutKind.values),
                name="ownupdate_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: update of {self.created_at:%Y-%m-%d}"
