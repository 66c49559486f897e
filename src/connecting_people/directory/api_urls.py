"""The HSDS 3.0 read API, under /api/hsds/ (filled in by the API work)."""

app_name = "hsds"

urlpatterns: list = []
