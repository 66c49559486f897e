"""A FHIR R4 view of a person's plan (issue 19; docs/fhir.md).

- `everything(viewer, person, *, include_related=False)`: the Bundle as JSON, read through the
  access layer for the viewer and audited (`bundle.py`);
- `validate(bundle)`: parses it back with fhir.resources' models, raising on anything invalid
  (`validation.py`);
- `codes`: the code systems, extensions and addresses; `resources`: each resource's JSON.
"""

from connecting_people.api.fhir.access import Refused
from connecting_people.api.fhir.bundle import everything
from connecting_people.api.fhir.validation import validate

__all__ = ["Refused", "everything", "validate"]
