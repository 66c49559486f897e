"""When a service runs: HSDS schedules expanded into sessions, and calendars (iCal) read in.

events.py   a service's next sessions, and a schedule in plain words
ical.py     reading an iCal feed into dated sessions (fetched with `core.fetch`)

Reads the models and search's facts; nothing here imports hsds or team (tests/test_layers.py).
"""
