"""Open Referral HSDS 3.0 in and out: serialising, exporting and importing directory records.

serialise.py   records in the exact HSDS 3.0 JSON shapes (list, full, minimal)
bundle.py      a page's nested parts in a fixed number of queries
values.py      one record's own fields as HSDS values (shared by JSON and CSV)
export.py      `cpi export_hsds`: JSON pages and (tabular.py) the tabular data package
params.py      the read API's query parameters; where.py its `proximity` search
schemas.py     where the official schemas are, for the tests
interests.py   our interest categories published as an HSDS taxonomy
importer/      `cpi import_hsds`

The read API that serves these shapes is a face of its own, `connecting_people.api.hsds`.
"""
