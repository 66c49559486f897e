"""Reading HSDS 1.x and 2.0 tabular data packages as HSDS 3.0 records, saying what did not fit.

Many published directories still offer the older tables. They are read row by row, like a 3.0
package, and each row becomes the 3.0 record it stands for before the usual checks:

- `physical_addresses.csv` and `postal_addresses.csv` become addresses of that type; a location
  becomes `physical` when it has a physical address or a point, else `postal` with a postal
  address, else `virtual`;
- `services_at_location.csv` is `service_at_location`; `accessibility_for_disabilities.csv` is
  `accessibility` (its `accessibility` column is the description);
- 1.x `regular_schedules.csv` (a weekday with opening times) becomes a weekly schedule;
- `eligibility.csv` (1.x) becomes the service's eligibility description, `fees.csv` (1.0) and
  1.x/2.0 `fees` its fees description;
- 1.x `taxonomy.csv` and 2.0 `taxonomy_terms.csv` become taxonomy terms; `services_taxonomy.csv`,
  a service's `taxonomy_ids` (1.0), `service_attributes.csv` and `other_attributes.csv` become
  attributes;
- a phone's `language` becomes a language record of that phone.

What HSDS 3.0 has no place for is left out and reported once per table or field, with how many
rows it touched: holiday schedules (3.0 cannot say "closed on these days", and reading them as
opening times would be wrong), payments accepted, a phone's or contact's department, a location's
transport notes and others. Where 3.0 requires text the older data may lack (an organisation's,
programme's or term's description), the name stands in, and that is reported too.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.directory.hsds.importer.kinds import KINDS
from connecting_people.directory.hsds.importer.reading_tables import (
    Notes,
    Package,
    Table,
    _rows,
)
from connecting_people.directory.hsds.importer.records import Record

WEEKDAYS = {
    **{name: code for code, name in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))},
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6,
}  # fmt: skip
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Columns renamed in 3.0, by table (every other column keeps its name where 3.0 has it).
RENAMED = {
    "organizations.csv": {"url": "website"},
    "service_areas.csv": {"service_area": "name"},
}
# Columns read here for what they become (not counted as left out).
USED = {
    "taxonomy_ids", "fees", "accrediations", "language", "weekday", "accessibility",
    "address_3", "address_4", "term", "vocabulary",
}  # fmt: skip
KIND_OF = {
    "organizations.csv": "organization",
    "programs.csv": "program",
    "services.csv": "service",
    "locations.csv": "location",
    "services_at_location.csv": "service_at_location",
    "contacts.csv": "contact",
    "phones.csv": "phone",
    "schedules.csv": "schedule",
    "regular_schedules.csv": "schedule",
    "funding.csv": "funding",
    "service_areas.csv": "service_area",
    "required_documents.csv": "required_document",
    "languages.csv": "language",
    "metadata.csv": "metadata",
    "physical_addresses.csv": "address",
    "postal_addresses.csv": "address",
    "accessibility_for_disabilities.csv": "accessibility",
    "taxonomy.csv": "taxonomy_term",
    "taxonomy_terms.csv": "taxonomy_term",
}
# Whole tables 3.0 has no place for, and why (said once, with the number of rows).
LEFT_OUT = {
    "holiday_schedules.csv": "HSDS 3.0 cannot say a service is closed on certain days",
    "payments_accepted.csv": "HSDS 3.0 has no place for the ways of paying",
    "meta_table_descriptions.csv": "it holds table descriptions, which are not kept",
}
# Tables converted here, in the order they are read (parents first).
ORDER = (
    "taxonomy.csv", "taxonomy_terms.csv", "organizations.csv", "programs.csv", "services.csv",
    "locations.csv", "physical_addresses.csv", "postal_addresses.csv",
    "services_at_location.csv", "contacts.csv", "phones.csv", "regular_schedules.csv",
    "schedules.csv", "funding.csv", "service_areas.csv", "required_documents.csv",
    "languages.csv", "accessibility_for_disabilities.csv", "services_taxonomy.csv",
    "service_attributes.csv", "other_attributes.csv", "metadata.csv",
)  # fmt: skip
# Read first and joined to the services they name.
JOINED = ("eligibility.csv", "fees.csv", "interpretation_services.csv")


class OlderPackage:
    """An HSDS 1.x or 2.0 tabular package, read as HSDS 3.0 records."""

    def __init__(self, package: Package, version: str) -> None:
        self.package = package
        self.version = version
        self.files = {posixpath.basename(m).lower(): m for m in package.members}
        self.left_out: Counter[tuple[str, str]] = Counter()  # (table, field or "") → rows
        self.stood_in: Counter[str] = Counter()  # table → names standing in for descriptions
        self.not_days: Counter[str] = Counter()  # weekdays that name no day → rows

    def records(self, notes: Notes | None) -> Iterator[Record]:
        """Every row as the 3.0 record it stands for; then what was left out, as warnings."""
        if notes:
            notes(
                "",
                "",
                _("This is an HSDS %(version)s package: it was read as HSDS 3.0.")
                % {"version": self.version},
            )
        joined = {name: self._joined(name) for name in JOINED}
        physical = self._location_ids("physical_addresses.csv")
        postal = self._location_ids("postal_addresses.csv")
        for name in ORDER:
            for row in self._rows(name):
                yield from self._convert(name, row, joined, physical, postal)
        for name in sorted(set(self.files) - set(ORDER) - set(JOINED)):
            if name.endswith(".csv"):
                rows = sum(1 for _row in self._rows(name))
                self.left_out[(name, "")] += rows
        if notes:
            self._say(notes)

    # Reading --------------------------------------------------------------------------------

    def _rows(self, name: str) -> Iterator[dict[str, str]]:
        member = self.files.get(name)
        if member is None:
            return
        table = Table("older", name, member)
        with ExitStack() as stack:
            for record in _rows(table, self.package.open(stack, member)):
                yield record.data

    def _joined(self, name: str) -> dict[str, list[str]]:
        """A table of text about services, by service id (eligibility, fees, interpreting)."""
        column = {"eligibility.csv": "eligibility", "fees.csv": "fee"}.get(name, "language")
        found: dict[str, list[str]] = defaultdict(list)
        for row in self._rows(name):
            if row.get("service_id") and row.get(column):
                found[row["service_id"]].append(row[column])
        return found

    def _location_ids(self, name: str) -> set[str]:
        return {row["location_id"] for row in self._rows(name) if row.get("location_id")}

    # Converting -----------------------------------------------------------------------------

    def _convert(
        self,
        name: str,
        row: dict[str, str],
        joined: dict[str, dict[str, list[str]]],
        physical: set[str],
        postal: set[str],
    ) -> Iterator[Record]:
        where = f"{name} row"
        if name in ("taxonomy.csv", "taxonomy_terms.csv"):
            yield Record("taxonomy_term", self._term(name, row), where, from_text=True)
        elif name in ("physical_addresses.csv", "postal_addresses.csv"):
            data = self._carry(name, row)
            data["address_type"] = "physical" if name.startswith("physical") else "postal"
            yield Record("address", data, where, from_text=True)
        elif name == "regular_schedules.csv":
            yield from self._weekly(row, where)
        elif name == "accessibility_for_disabilities.csv":
            data = self._carry(name, row)
            if row.get("accessibility"):
                data["description"] = row["accessibility"]
            yield Record("accessibility", data, where, from_text=True)
        elif name in ("services_taxonomy.csv", "service_attributes.csv", "other_attributes.csv"):
            yield from self._attribute(name, row, where)
        else:
            yield from self._same(name, row, where, joined, physical, postal)

    def _same(
        self,
        name: str,
        row: dict[str, str],
        where: str,
        joined: dict[str, dict[str, list[str]]],
        physical: set[str],
        postal: set[str],
    ) -> Iterator[Record]:
        kind = KIND_OF[name]
        data = self._carry(name, row)
        if kind in ("organization", "program") and not data.get("description") and data.get("name"):
            data["description"] = data["name"]
            self.stood_in[name] += 1
        if kind == "service":
            self._service_texts(data, row, joined)
            yield Record(kind, data, where, from_text=True)
            for term in re.split(r"[,;\s]+", row.get("taxonomy_ids", "")):
                if term and data.get("id"):
                    yield self._attribute_record(data["id"], "service", term, where, f"{term}")
            return
        if kind == "location":
            data["location_type"] = _location_type(row, physical, postal)
        if kind == "language" and row.get("language"):
            data["name"] = row["language"]
        if kind == "metadata" and not data.get("resource_type"):
            self.left_out[(name, "")] += 1  # 3.0 needs to know what kind of record it was
            return
        yield Record(kind, data, where, from_text=True)
        if kind == "phone" and row.get("language") and data.get("id"):
            yield Record(
                "language",
                {"id": _derived(data["id"], "language"), "phone_id": data["id"],
                 "name": row["language"]},
                where,
                from_text=True,
            )  # fmt: skip

    def _service_texts(
        self, data: dict[str, str], row: dict[str, str], joined: dict[str, dict[str, list[str]]]
    ) -> None:
        service_id = row.get("id", "")
        eligibility = joined["eligibility.csv"].get(service_id, [])
        if eligibility:
            data["eligibility_description"] = "; ".join(eligibility)
        fees = [row["fees"]] if row.get("fees") else []
        fees += joined["fees.csv"].get(service_id, [])
        if fees:
            data["fees_description"] = "; ".join(fees)
        interpreting = joined["interpretation_services.csv"].get(service_id, [])
        if interpreting and not data.get("interpretation_services"):
            data["interpretation_services"] = ", ".join(interpreting)
        if row.get("accrediations") and not data.get("accreditations"):  # 1.1's own spelling
            data["accreditations"] = row["accrediations"]

    def _term(self, name: str, row: dict[str, str]) -> dict[str, str]:
        data = self._carry(name, row)
        data["name"] = row.get("term") or row.get("name") or ""
        if not data.get("description") and data["name"]:
            data["description"] = data["name"]
            self.stood_in[name] += 1
        vocabulary = row.get("taxonomy") or row.get("vocabulary")
        if vocabulary:
            data["taxonomy"] = vocabulary
        return data

    def _weekly(self, row: dict[str, str], where: str) -> Iterator[Record]:
        data = self._carry("regular_schedules.csv", row)
        given = row.get("weekday", "").strip()
        day = WEEKDAYS.get(given.lower())
        if day is None:
            self.not_days[given] += 1
            return
        data.update(freq="WEEKLY", byday=BYDAY[day])
        yield Record("schedule", data, where, from_text=True)

    def _attribute(self, name: str, row: dict[str, str], where: str) -> Iterator[Record]:
        term = row.get("taxonomy_term_id") or row.get("taxonomy_id") or ""
        if name == "other_attributes.csv":
            link, entity = row.get("link_id", ""), row.get("link_type", "")
        else:
            link, entity = row.get("service_id", ""), "service"
        if not (term and link):
            self.left_out[(name, "")] += 1
            return
        yield self._attribute_record(link, entity, term, where, row.get("id", ""))

    def _attribute_record(self, link: str, entity: str, term: str, where: str, seed: str) -> Record:
        data = {
            "id": _derived(f"{link}:{term}:{seed}", "attribute"),
            "link_id": link,
            "link_entity": entity,
            "taxonomy_term_id": term,
        }
        return Record("attribute", data, where, from_text=True)

    def _carry(self, name: str, row: dict[str, str]) -> dict[str, Any]:
        """The columns 3.0 has a place for (renamed where it renamed them); the rest is counted
        as left out, once per column."""
        renamed = RENAMED.get(name, {})
        fields = set(KINDS[KIND_OF[name]].model.hsds_fields)  # type: ignore[attr-defined]
        data: dict[str, Any] = {}
        for column, value in row.items():
            field = renamed.get(column, column)
            if field in fields and field != "fees":
                if value not in (None, ""):
                    data[field] = value
            elif column not in USED:
                self.left_out[(name, column)] += 1
        if name in ("physical_addresses.csv", "postal_addresses.csv"):
            extra = [row[k] for k in ("address_3", "address_4") if row.get(k)]
            if extra:
                data["address_2"] = ", ".join([data.get("address_2", ""), *extra]).strip(", ")
        return data

    def _say(self, notes: Notes) -> None:
        for (name, field), count in sorted(self.left_out.items()):
            rows = _rows_text(count)
            if field:
                message = _(
                    "%(name)s: the %(field)s column (%(rows)s) was not carried over: HSDS 3.0 has "
                    "no place for it."
                ) % {"name": name, "field": field, "rows": rows}
            else:
                why = LEFT_OUT.get(name, _("HSDS 3.0 has no place for it"))
                message = _("%(name)s (%(rows)s) was not carried over: %(why)s.") % {
                    "name": name,
                    "rows": rows,
                    "why": why,
                }
            notes("", "", message)
        for given, count in sorted(self.not_days.items()):
            notes(
                "",
                "",
                _(
                    "regular_schedules.csv: %(rows)s with the weekday “%(day)s”, which is not a "
                    "day of the week, left out."
                )
                % {"rows": _rows_text(count), "day": given},
            )
        for name, count in sorted(self.stood_in.items()):
            notes(
                "",
                "",
                ngettext(
                    "%(name)s: %(count)s record had no description, which HSDS 3.0 requires; "
                    "its name stands in.",
                    "%(name)s: %(count)s records had no description, which HSDS 3.0 requires; "
                    "their names stand in.",
                    count,
                )
                % {"name": name, "count": f"{count:,}"},
            )


def _rows_text(count: int) -> str:
    return ngettext("%(count)s row", "%(count)s rows", count) % {"count": f"{count:,}"}


def _location_type(row: dict[str, str], physical: set[str], postal: set[str]) -> str:
    location = row.get("id", "")
    if location in physical or (row.get("latitude") and row.get("longitude")):
        return "physical"
    return "postal" if location in postal else "virtual"


def _derived(seed: str, kind: str) -> str:
    """A stable id for a record the older data implies but does not name (re-imports match)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cpi:hsds-older:{kind}:{seed}"))
