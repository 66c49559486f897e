"""What the people app tells the apps above it, which it may not import (tests/test_layers.py).

`person_erasing` is sent inside `erasure.person_erase`'s transaction, after the `ErasedPerson`
is made and before the record is deleted, with `person` and `erased`. A receiver copies onto the
tombstone the anonymous facts its counts need (numbers, dates and kinds, never a name or a word
anyone wrote), so that a report's counts are the same after an erasure as before it:
`outcomes` moves the person's paired scores, `practice` keeps the dated activity the team page
counts. See docs/retention.md, "What an erasure keeps".
"""

from django.dispatch import Signal

person_erasing = Signal()  # keyword arguments: person, erased
