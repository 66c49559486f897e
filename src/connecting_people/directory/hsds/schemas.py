"""Where the official HSDS 3.0 schemas are, when this machine has them.

They are not ours to ship: the tests read them from `../shared/hsds/schema/hsds-3.0` beside the
repository (CI has it) and skip with a reason when it is missing. Nothing at run time needs them:
the exports take field order from each model's `hsds_fields`, which the tests check against
`compiled/tabular.json`.
"""

from __future__ import annotations

from pathlib import Path

# The address the official schemas give for themselves in openapi.json's `$ref`s.
OFFICIAL_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OFFICIAL_OPENAPI = OFFICIAL_BASE + "openapi.json"
# What the API's `/` says about the specification and profile it follows.
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"

REPOSITORY = Path(__file__).resolve().parents[4]


def schema_dir() -> Path | None:
    """The folder of the official HSDS 3.0 schemas, or None when this machine lacks it."""
    folder = (REPOSITORY.parent / "shared" / "hsds" / "schema" / "hsds-3.0").resolve()
    return folder if (folder / "compiled" / "service.json").is_file() else None
