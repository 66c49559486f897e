"""Time writing audit events: `python bench/audit_write.py [N]` (10,000 by default).

Makes its own SQLite database in a temporary folder (the production settings: WAL, IMMEDIATE
transactions), migrates it, then writes N events through `audit_record`, each in its own
transaction as a request would, and N more inside one transaction. Prints events per second and
the queries one event costs. Run it on an older checkout (PYTHONPATH=that/src) to compare.
"""

import os
import sys
import tempfile
import time


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = tempfile.mkdtemp(prefix="cpi_audit_bench_")
    os.environ.update(CPI_DATA_DIR=folder, SECRET_KEY="bench-only", HTTPS="false")  # noqa: S106 (a throwaway key for the benchmark)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connecting_people.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from connecting_people.core.audit import audit_record
    from connecting_people.core.models import AuditAction, Team
    from connecting_people.core.models.teams import Organisation

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    users = [get_user_model().objects.create_user(email=f"u{n}@x.org") for n in range(8)]
    organisation = Organisation.objects.create(name="O", slug="o")
    team = Team.objects.create(organisation=organisation, name="T")

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        audit_record(by=users[0], action=AuditAction.VIEWED, target=team)
    print(f"queries for one event inside a transaction: {len(queries) - 2}")  # less SAVEPOINTs

    started = time.perf_counter()
    for n in range(count):
        with transaction.atomic():
            audit_record(by=users[n % 8], action=AuditAction.VIEWED, target=team, detail={"n": n})
    each = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        for n in range(count):
            audit_record(by=users[n % 8], action=AuditAction.VIEWED, target=team, detail={"n": n})
    one = time.perf_counter() - started
    print(f"{count} events, one transaction each: {each:.2f} s ({count / each:,.0f} a second)")
    print(f"{count} events, one transaction:      {one:.2f} s ({count / one:,.0f} a second)")
    if "--verify" in sys.argv:
        started = time.perf_counter()
        call_command("verify_audit")
        print(f"verify_audit: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
