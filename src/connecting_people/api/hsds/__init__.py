"""The HSDS 3.0 read API at /api/hsds/: views.py serves it, urls.py routes it.

It reads the community directory (`directory.hsds` shapes the JSON); the directory knows nothing
of it.
"""
