"""Reminders: what needs doing for the people a worker supports, and for their team's directory.

Each rule reads a date the records already hold (docs/reminders.md says every rule in words):

- review:        an open goal's "review by" date;
- step:          an open step's "aim to do it by" date (to do or being done, on an open goal);
- questionnaire: the team's questionnaire schedule (outcomes.schedules): shown while one is due
                 or overdue; its date is the last day of its window, overdue after that;
- map:           six months after the map was last looked at together (its latest snapshot), or
                 four weeks after someone started when there is no snapshot yet;
- no_contact:    CPI_NO_CONTACT_DAYS after the last contact (or after they started, if none);
- service/connector: a directory entry's "check again by" date (never checked: due now).

A person's reminders go to their keyworker; someone with no keyworker in their team (none named,
or the keyworker has left the team) falls to the team's leads, so nobody drops out of sight.
Directory checks go to everyone in the team that keeps the entry. Only people still being
worked with count (referred, active or moving on). Items show from CPI_REMINDERS_AHEAD_DAYS
before they fall due, and stay until they are done.

`selectors.needs_doing(user)` works the list out in a fixed number of queries whatever the size
of the caseload; `services.reminders_send` records each reminder once, keyed by (user, kind,
record, due date), and emails a digest (a count and a link, never a name) to those who asked.
"""
