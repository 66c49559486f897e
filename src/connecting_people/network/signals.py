"""What the network map tells the apps above it, which it may not import (tests/test_layers.py).

`snapshot_taken` is sent inside snapshot_take's transaction, with the new snapshot, and after a
connection is deleted from every snapshot (with one of the person's snapshots): the outcomes app
keeps each person's first and latest network measures for its report from it.
"""

from django.dispatch import Signal

snapshot_taken = Signal()  # keyword argument: snapshot
