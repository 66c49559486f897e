"""Check a bundle against fhir.resources' models before it leaves. Parsing the Bundle parses each
entry's resource with its own class too (by its resourceType), so one call checks everything.

fhir.resources 8 (pydantic 2, as the JSON API's Django Ninja needs) carries R5 at its top and
R4B (4.3.0) and STU3 beside it; R4 itself (4.0.1) is the default of its older releases only (6.1),
on pydantic 1. R4B is R4 with a handful of medication and subscription resources changed: every
resource and element we write is the same in both, so `fhir.resources.R4B` is the check of an R4
bundle. (Checked once by hand too: fhir.resources 6.1.0's R4 models, in a separate environment,
accepted every demo person's bundle with their map, 480 resources in 24 bundles.)

The models check structure, types and cardinality (and refuse unknown elements); they do not
check the codes of required value sets or FHIR's invariants, so the tests check the codes and
the string rules themselves (tests/api/fhir/).
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle


def validate(bundle: dict[str, Any]) -> Bundle:
    """The bundle as fhir.resources' model; raises pydantic's ValidationError when any part of it
    is not valid FHIR."""
    return Bundle.model_validate(bundle)
