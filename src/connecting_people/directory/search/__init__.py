"""Search and browse the directory: facts worked out per service, a full-text index, reasons.

query.py        what a search asks for and what it gives back (`SearchQuery`, `SearchPage`, `Match`)
engine.py       `search_services` and `places`: the search itself (the contract is in its docstring)
reasons.py      why a service matched, in plain words
facts.py        keeping each service's search facts fresh; facts_rules.py works them out
fulltext.py     the database's full-text index (SQLite FTS5 or PostgreSQL)
forms.py        the browse form on the directory's search page

Imports run one way: query and fulltext know nothing of the rest; reasons reads query; engine
reads them all. Nothing here imports hsds, sessions or team (tests/test_layers.py).
"""
