"""`cpi retention [--dry-run]`: apply the retention rules (people/retention.py, and
docs/retention.md for the defaults and their sources). With --dry-run, say what would go and
change nothing. Counts only: no one is named."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from connecting_people.people.retention import RetentionPlan, retention_apply, retention_plan


def _lines(plan: RetentionPlan, *, done: bool) -> list[str]:
    verb = "Erased" if done else "Would erase"
    return [
        f"{verb} the records of {plan.people} people who moved on before "
        f"{plan.moved_on_before:%d %B %Y}.",
        f"{'Lapsed' if done else 'Would lapse'} {plan.requests_lapsing} requests to erase that "
        "nobody confirmed in time.",
        f"{'Removed' if done else 'Would remove'} {plan.requests_removed} cancelled or lapsed "
        "requests to erase.",
        f"{verb} the details of {plan.audit_events} audit events from before "
        f"{plan.audit_before:%d %B %Y} (the events themselves are kept).",
        f"{'Removed' if done else 'Would remove'} the name and email of {plan.staff_accounts} "
        f"staff accounts switched off before {plan.staff_before:%d %B %Y} "
        "(the accounts stay, for the audit trail).",
        f"{'Removed' if done else 'Would remove'} {plan.join_requests} decided requests to join "
        f"a team from before {plan.join_requests_before:%d %B %Y}.",
        f"{'Deleted' if done else 'Would delete'} {len(plan.files)} files from before "
        f"{plan.files_before:%d %B %Y} in "
        + ", ".join(str(folder) for folder in plan.file_folders)
        + ".",
        "Files anywhere else are not reached: backups, exports and downloads kept elsewhere "
        "(another folder, another machine, someone's downloads) must be deleted on your own "
        "schedule, and a record erased here is still in any copy made before its erasure.",
    ]


class Command(BaseCommand):
    help = "Apply the retention rules: erase what has been kept longer than the settings allow."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go, and change nothing"
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        plan = retention_plan() if dry_run else retention_apply()
        for line in _lines(plan, done=not dry_run):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Nothing was changed (--dry-run).")
