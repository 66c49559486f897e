"""The JSON API at /api/v1/ (issue 19, ADR 0022): Django Ninja over the screens' own services."""
