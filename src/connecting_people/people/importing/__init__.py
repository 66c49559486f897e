"""Bringing a team's caseload in from a CSV or Excel file that another system exported.

Three steps, so nothing is half-done:
- `parse_upload` reads the file as it streams and reports every problem by the row number the
  user sees in their spreadsheet (rows.py: columns and cells; tables.py: files and the team);
- `sign_rows` carries the checked rows to the confirm step without storing the file;
- `caseload_import` adds every row or none, checking the team again first (saving.py).
"""

from connecting_people.people.importing.rows import (
    COLUMNS,
    Column,
    ImportFileError,
    ImportReport,
    ImportRow,
    RowError,
    clean_row,
    parse_date,
)
from connecting_people.people.importing.saving import (
    SIGNING_SALT,
    AlreadyImported,
    ImportRejected,
    SignedImport,
    caseload_import,
    sign_rows,
    unsign_rows,
)
from connecting_people.people.importing.tables import (
    MAX_BYTES,
    MAX_ROWS,
    check_against_team,
    check_upload,
    map_columns,
    parse_table,
    parse_upload,
    read_csv,
)

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "SIGNING_SALT",
    "AlreadyImported",
    "Column",
    "ImportFileError",
    "ImportRejected",
    "ImportReport",
    "ImportRow",
    "RowError",
    "SignedImport",
    "caseload_import",
    "check_against_team",
    "check_upload",
    "clean_row",
    "map_columns",
    "parse_date",
    "parse_table",
    "parse_upload",
    "read_csv",
    "sign_rows",
    "unsign_rows",
]
