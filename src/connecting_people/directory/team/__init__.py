"""What staff change: services in the shared directory, and one team's private layer on them.

services.py            services and the team layer: `service_create`, `entry_add`, `knower_add`...
editing.py             the plain shape of a service that the add and edit pages work with
service_writes.py      writing that shape back to the HSDS objects
service_forms.py       the add and edit page; session_forms.py its rows of weekly times
entry_forms.py         what the team keeps about a service
connector_services.py  a team's community connectors; connector_forms.py their forms

The top of the directory's own layers: it may read models, search, sessions and hsds; only the
views, selectors and commands read it (tests/test_layers.py).
"""
