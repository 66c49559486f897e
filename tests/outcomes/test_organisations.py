"""Instruments loaded for one organisation: their own versions, seen and asked by that
organisation only, standing in for the deployment's version of the same id; the constraints that
keep versions per (id, organisation) on SQLite and PostgreSQL alike; and `cpi load_instrument
--organisation`."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import loading, selectors, services
from connecting_people.outcomes.models import (
    CompletedBy,
    Instrument,
    InstrumentSource,
    MeasureSchedule,
    Response,
)
from connecting_people.outcomes.schedules import DUE, OVERDUE
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory
from tests.outcomes.helpers import licensed_swemwbs_data, made_up_data, shipped_data

TODAY = timezone.localdate()
SWEMWBS = {f"item_{n}": 3 for n in range(1, 8)}


def _load(data, organisation=None, source=InstrumentSource.LOADED):
    return services.instrument_load(data=data, by=None, source=source, organisation=organisation)


@pytest.fixture
def own_swemwbs(cast):
    """Riverside's licensed SWEMWBS, with its wording: askable by Riverside only."""
    return _load(licensed_swemwbs_data(), cast.organisation).instrument


@pytest.fixture
def riverside_only(cast):
    """A questionnaire only Riverside has (the made-up test scale)."""
    return _load(made_up_data(), cast.organisation).instrument


@pytest.fixture
def ours(cast):
    return PersonFactory(
        team=cast.team, preferred_name="Morwenna", started_on=TODAY - dt.timedelta(days=30)
    )


@pytest.fixture
def theirs(cast):
    return PersonFactory(
        team=cast.elsewhere_team, preferred_name="Tegen", started_on=TODAY - dt.timedelta(days=30)
    )


def _start(person, instrument, **kwargs):
    kwargs.setdefault("completed_by", CompletedBy.WITH_WORKER)
    return services.response_start(person=person, instrument=instrument, by=None, **kwargs)


def _current(organisation_id):
    return {i.slug: i for i in Instrument.objects.visible_to(organisation_id)}


# Loading ------------------------------------------------------------------------------------------


def test_loading_for_an_organisation_numbers_its_own_versions(cast):
    riverside, elsewhere = cast.organisation, cast.elsewhere
    first = _load(made_up_data(), riverside)
    assert (first.outcome, first.instrument.version) == (loading.CREATED, 1)
    assert first.instrument.organisation == riverside
    # The same content for another organisation, and for the deployment: each its own version 1.
    assert _load(made_up_data(), elsewhere).instrument.version == 1
    assert _load(made_up_data()).instrument.version == 1
    assert _load(made_up_data(), riverside).outcome == loading.UNCHANGED

    changed = made_up_data()
    changed["title"] = "A retitled made-up scale"
    second = _load(changed, riverside)
    assert (second.outcome, second.instrument.version) == (loading.CREATED, 2)
    assert instrument_version("test-scale", organisation_id=riverside.pk).version == 2
    assert instrument_version("test-scale", 1, organisation_id=riverside.pk).is_current is False
    assert instrument_version("test-scale", organisation_id=elsewhere.pk).version == 1
    assert instrument_version("test-scale").version == 1  # the deployment's

    again = _load(made_up_data(), riverside)
    assert (again.outcome, again.instrument.version) == (loading.REINSTATED, 1)
    assert again.instrument.organisation == riverside
    assert Instrument.objects.filter(slug="test-scale").count() == 4
    assert Instrument.objects.filter(slug="test-scale", is_current=True).count() == 3


def test_loading_for_an_organisation_is_audited_with_it(cast):
    loaded = _load(made_up_data(), cast.organisation)
    event = AuditEvent.objects.get(action=AuditAction.IMPORTED, target_id=str(loaded.instrument.pk))
    assert event.detail["organisation"] == cast.organisation.slug
    deployment = _load(made_up_data())
    event = AuditEvent.objects.get(
        action=AuditAction.IMPORTED, target_id=str(deployment.instrument.pk)
    )
    assert event.detail["organisation"] is None


def test_shipped_updates_leave_an_organisations_own_version_alone(cast, own_swemwbs):
    assert (own_swemwbs.version, own_swemwbs.needs_wording) == (1, False)
    assert {loaded.outcome for loaded in loading.load_shipped()} == {loading.UNCHANGED}
    template = shipped_data("swemwbs")
    template["notes"] += " Updated."
    updated = loading.load(template, source=InstrumentSource.SHIPPED)
    # The deployment's line moves on (its current version was shipped, not loaded) ...
    assert (updated.outcome, updated.instrument.version) == (loading.CREATED, 2)
    assert updated.instrument.organisation is None
    # ... and Riverside keeps asking its own.
    own_swemwbs.refresh_from_db()
    assert own_swemwbs.is_current
    assert _current(cast.organisation.pk)["swemwbs"] == own_swemwbs
    assert _current(cast.elsewhere.pk)["swemwbs"] == updated.instrument


def test_shipped_definitions_are_never_loaded_for_an_organisation(cast):
    with pytest.raises(ValueError, match="for the whole deployment"):
        loading.load(
            shipped_data("ucla3"), source=InstrumentSource.SHIPPED, organisation=cast.organisation
        )


def test_an_organisations_own_versions_go_with_it(db):
    gone = OrganisationFactory()
    _load(made_up_data(), gone)
    gone.delete()
    assert not Instrument.objects.filter(slug="test-scale").exists()
    assert Instrument.objects.filter(slug="ucla3").exists()


def test_the_shipped_loader_still_runs_on_a_database_migrated_back_before_organisations(db):
    state = MigrationLoader(connection).project_state(("outcomes", "0003_change_pairs"))
    model = state.apps.get_model("outcomes", "Instrument")
    assert {loaded.outcome for loaded in loading.load_shipped(model=model)} == {loading.UNCHANGED}


# What each organisation sees ----------------------------------------------------------------------


def test_visible_to_picks_the_organisations_own_over_the_deployments(
    cast, own_swemwbs, riverside_only
):
    deployment_swemwbs = instrument_version("swemwbs")
    riverside = _current(cast.organisation.pk)
    assert riverside["swemwbs"] == own_swemwbs
    assert riverside["test-scale"] == riverside_only
    assert riverside["ons4"] == instrument_version("ons4")
    elsewhere = _current(cast.elsewhere.pk)
    assert elsewhere["swemwbs"] == deployment_swemwbs
    assert "test-scale" not in elsewhere
    deployment = _current(None)
    assert deployment["swemwbs"] == deployment_swemwbs
    assert "test-scale" not in deployment
    for organisation_id in (cast.organisation.pk, cast.elsewhere.pk, None):
        slugs = list(Instrument.objects.visible_to(organisation_id).values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))  # one version per instrument
    # An int id, as the report passes it, and ready_to_ask after it.
    ready = Instrument.objects.visible_to(int(cast.organisation.pk)).ready_to_ask()
    assert set(ready.values_list("slug", flat=True)) == {
        "ons4",
        "ucla3",
        "ons-lonely",
        "swemwbs",
        "test-scale",
    }
    elsewhere_ready = Instrument.objects.visible_to(cast.elsewhere.pk).ready_to_ask()
    assert not elsewhere_ready.filter(slug="swemwbs").exists()


def test_visible_to_shows_only_the_current_of_an_organisations_versions(cast, riverside_only):
    changed = made_up_data()
    changed["title"] = "A retitled made-up scale"
    newer = _load(changed, cast.organisation).instrument
    assert _current(cast.organisation.pk)["test-scale"] == newer
    visible = Instrument.objects.visible_to(cast.organisation.pk)
    assert visible.filter(slug="test-scale").count() == 1


def test_visible_slugs_agrees_with_visible_to_in_one_query(
    cast, own_swemwbs, riverside_only, django_assert_num_queries
):
    _load(made_up_data() | {"id": "elsewhere-scale"}, cast.elsewhere)
    wanted = {cast.organisation.pk, cast.elsewhere.pk}
    with django_assert_num_queries(1):
        found = selectors.visible_slugs(wanted)
    for organisation_id in wanted:
        assert found[organisation_id] == set(_current(organisation_id))
    assert "elsewhere-scale" in found[cast.elsewhere.pk]
    assert "elsewhere-scale" not in found[cast.organisation.pk]


# The constraints, on both databases ---------------------------------------------------------------


def _row(slug="made-up", *, version=1, organisation=None, current=False, digest=None):
    return Instrument.objects.create(
        slug=slug,
        version=version,
        organisation=organisation,
        title="x",
        short_title="x",
        definition={},
        content_hash=digest or f"{slug}-{version}-{getattr(organisation, 'pk', 0)}".ljust(64, "0"),
        source=InstrumentSource.LOADED,
        is_current=current,
    )


def _refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(**kwargs)


def test_one_current_version_per_instrument_and_organisation(cast):
    riverside, elsewhere = cast.organisation, cast.elsewhere
    _row(current=True)
    _row(version=1, organisation=riverside, current=True)
    _row(version=1, organisation=elsewhere, current=True)  # each their own current one
    _refused(version=2, current=True)
    _refused(version=2, organisation=riverside, current=True)
    _row(version=2, organisation=riverside)  # not current: fine
    assert Instrument.objects.filter(slug="made-up", is_current=True).count() == 3


def test_version_numbers_are_unique_per_instrument_and_organisation(cast):
    riverside = cast.organisation
    _row(version=1)
    _row(version=1, organisation=riverside)
    _row(version=1, organisation=cast.elsewhere)
    _refused(version=1, digest="a" * 64)
    _refused(version=1, organisation=riverside, digest="b" * 64)


def test_identical_content_is_unique_per_instrument_and_organisation(cast):
    riverside = cast.organisation
    _row(version=1, digest="c" * 64)
    _row(version=1, organisation=riverside, digest="c" * 64)
    _row(version=1, organisation=cast.elsewhere, digest="c" * 64)
    _refused(version=2, digest="c" * 64)
    _refused(version=2, organisation=riverside, digest="c" * 64)
    _row("another", version=1, digest="c" * 64)  # the same content under another id


# Starting a questionnaire -------------------------------------------------------------------------


def test_another_organisations_instrument_cannot_be_started(cast, ours, theirs, riverside_only):
    with pytest.raises(ValidationError) as caught:
        _start(theirs, riverside_only)
    assert caught.value.message_dict == {"instrument": ["Choose one of the questionnaires listed"]}
    assert not Response.objects.exists()
    assert _start(ours, riverside_only).instrument == riverside_only


def test_the_organisations_own_version_is_asked_instead_of_the_deployments(
    cast, ours, theirs, own_swemwbs
):
    deployment = instrument_version("swemwbs")
    with pytest.raises(ValidationError) as caught:
        _start(ours, deployment)
    assert caught.value.message_dict["instrument"] == [
        "Your organisation has its own version of this questionnaire. Start that one."
    ]
    response = _start(ours, own_swemwbs, answers=SWEMWBS)
    services.response_complete(response=response, by=None, version=response.version)
    response.refresh_from_db()
    assert response.score_value("raw_total") == 21
    # Elsewhere still has only the template, which cannot be asked, and never Riverside's.
    with pytest.raises(ValidationError, match="must be supplied by a licensed organisation"):
        _start(theirs, deployment)
    with pytest.raises(ValidationError, match="Choose one of the questionnaires listed"):
        _start(theirs, own_swemwbs)


# The screens --------------------------------------------------------------------------------------


def _start_url(person):
    return reverse("outcomes:start", args=[person.pk])


def test_the_start_page_offers_only_what_the_organisation_may_use(
    sign_in, cast, ours, theirs, own_swemwbs, riverside_only
):
    html = sign_in(cast.practitioner).get(_start_url(ours)).content.decode()
    assert 'value="swemwbs"' in html
    assert 'value="test-scale"' in html
    assert "Licensed wording" not in html  # the questions come later, not on this page
    assert "SWEMWBS must be supplied by a licensed organisation" not in html
    html = sign_in(cast.elsewhere_lead).get(_start_url(theirs)).content.decode()
    assert 'value="swemwbs"' not in html
    assert "SWEMWBS must be supplied by a licensed organisation" in html
    assert "test-scale" not in html
    assert riverside_only.title not in html


def test_starting_another_organisations_instrument_is_refused_like_any_other_choice(
    sign_in, cast, theirs, riverside_only
):
    data = {
        "instrument": "test-scale",
        "completed_by": CompletedBy.WITH_WORKER,
        "taken_on": TODAY.strftime("%d/%m/%Y"),
        "layout": "all",
    }
    response = sign_in(cast.elsewhere_lead).post(_start_url(theirs), data)
    assert response.status_code == 200
    assert "Choose one of the questionnaires listed" in response.content.decode()
    assert not Response.objects.exists()


def test_a_start_link_to_another_organisations_instrument_is_not_found_and_audited(
    sign_in, cast, ours, theirs, riverside_only
):
    client = sign_in(cast.elsewhere_lead)
    assert client.get(_start_url(theirs), {"instrument": "test-scale"}).status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.REFUSED, actor=cast.elsewhere_lead)
    assert event.detail == {"model": "outcomes.instrument", "slug": "test-scale"}
    page = sign_in(cast.practitioner).get(_start_url(ours), {"instrument": "test-scale"})
    assert page.status_code == 200
    chosen = re.findall(r'<input[^>]*name="instrument"[^>]*>', page.content.decode())
    assert [tag for tag in chosen if " checked" in tag] == [
        next(tag for tag in chosen if 'value="test-scale"' in tag)
    ]


def _schedule(team, instruments):
    """A team's schedule stored as it is, as if it had been set before the instruments changed."""
    return MeasureSchedule.objects.create(team=team, months=[3], instruments=instruments)


def test_the_measures_page_shows_only_what_the_organisation_may_use(
    sign_in, cast, ours, theirs, riverside_only
):
    _schedule(cast.team, ["test-scale", "ucla3"])
    _schedule(cast.elsewhere_team, ["test-scale", "ucla3"])
    page = reverse("outcomes:page", args=[ours.pk])
    html = sign_in(cast.practitioner).get(page).content.decode()
    due = html[html.index('id="due"') : html.index('id="done"')]
    assert "Test scale" in due
    assert f"{_start_url(ours)}?instrument=test-scale" in due
    page = reverse("outcomes:page", args=[theirs.pk])
    html = sign_in(cast.elsewhere_lead).get(page).content.decode()
    due = html[html.index('id="due"') : html.index('id="done"')]
    assert "Loneliness (three questions)" in due
    assert "Test scale" not in html
    assert "test-scale" not in html


def test_the_schedule_offers_only_what_the_organisation_may_ask(
    sign_in, cast, own_swemwbs, riverside_only
):
    address = reverse("outcomes:schedule")
    form = sign_in(cast.team_lead).get(address).content.decode()
    assert 'value="test-scale"' in form
    assert 'value="swemwbs"' in form  # their own, with its wording
    client = sign_in(cast.elsewhere_lead)
    form = client.get(address).content.decode()
    assert 'value="test-scale"' not in form
    assert 'value="swemwbs"' not in form
    data = {"version": 0, "months": "3", "instruments": ["test-scale"]}
    refused = client.post(address, data).content.decode()
    assert "Choose from the questionnaires listed" in refused
    assert not MeasureSchedule.objects.exists()
    with pytest.raises(ValidationError, match="Choose questionnaires that are ready to ask"):
        services.schedule_save(
            team=cast.elsewhere_team, by=None, months=[3], instruments=["test-scale"], version=0
        )
    saved = services.schedule_save(
        team=cast.team, by=None, months=[3], instruments=["test-scale", "swemwbs"], version=0
    )
    assert saved.instruments == ["test-scale", "swemwbs"]


def test_nothing_another_organisation_uses_is_ever_due(
    cast, ours, theirs, riverside_only, django_assert_num_queries
):
    ours.started_on = theirs.started_on = TODAY  # the baseline is due today
    Person.objects.filter(pk__in=[ours.pk, theirs.pk]).update(started_on=TODAY)
    _schedule(cast.team, ["test-scale"])
    _schedule(cast.elsewhere_team, ["test-scale"])

    with django_assert_num_queries(2):
        due = selectors.due_for_people([ours, theirs], today=TODAY)
    assert [(i.slug, i.state) for i in due[ours.pk].instruments] == [("test-scale", DUE)]
    assert due[theirs.pk].instruments == ()

    people = Person.objects.filter(pk__in=[ours.pk, theirs.pk])
    with django_assert_num_queries(3):
        found = selectors.people_with_measures(people, (DUE, OVERDUE), today=TODAY)
    assert found == [ours.pk]

    assert [a["title"] for a in selectors.measures_overview(ours, today=TODAY)["attention"]] == [
        "Test scale"
    ]
    assert selectors.measures_overview(theirs, today=TODAY)["attention"] == []


# cpi load_instrument --organisation ---------------------------------------------------------------


def _write(tmp_path, data, name="made-up.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_the_command_loads_for_one_organisation(tmp_path, cast):
    path = _write(tmp_path, made_up_data())
    slug = cast.organisation.slug
    assert _command("load_instrument", path, "--organisation", slug) == (
        "Loaded test-scale version 1 for Riverside Trust; it is now the current version."
    )
    assert _command("load_instrument", path, "--organisation", slug) == (
        "test-scale version 1 for Riverside Trust already has this content; nothing changed."
    )
    loaded = Instrument.objects.get(slug="test-scale")
    assert loaded.organisation == cast.organisation
    event = AuditEvent.objects.get(action=AuditAction.IMPORTED, target_id=str(loaded.pk))
    assert (event.actor_label, event.detail["organisation"]) == ("cpi load_instrument", slug)
    # Without --organisation it is for the deployment, counted on its own.
    assert _command("load_instrument", path).startswith("Loaded test-scale version 1;")
    assert Instrument.objects.filter(slug="test-scale", organisation__isnull=True).count() == 1


@pytest.mark.parametrize("check", [False, True])
def test_the_command_refuses_an_unknown_organisation_with_status_2(tmp_path, cast, check):
    path = _write(tmp_path, made_up_data())
    args = ["load_instrument", path, "--organisation", "nowhere", *(["--check"] if check else [])]
    with pytest.raises(CommandError) as caught:
        _command(*args)
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert message.startswith(
        "There is no organisation with the short name 'nowhere'; nothing was done."
    )
    assert cast.organisation.slug in message  # the ones there are
    assert not Instrument.objects.filter(slug="test-scale").exists()


def test_score_uses_an_organisations_own_version_when_asked(cast, own_swemwbs):
    answers = json.dumps(list(SWEMWBS.values()))
    slug = cast.organisation.slug
    out = _command("score", "swemwbs", "--answers", answers, "--organisation", slug)
    assert json.loads(out)["scores"]["raw_total"]["value"] == 21
    with pytest.raises(CommandError) as caught:
        _command("score", "ucla3", "--answers", "[1, 1, 1]", "--organisation", cast.elsewhere.slug)
    assert caught.value.returncode == 2
    assert "has no instrument 'ucla3' of its own" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        _command("score", "ucla3", "--answers", "[1, 1, 1]", "--organisation", "nowhere")
    assert caught.value.returncode == 2
