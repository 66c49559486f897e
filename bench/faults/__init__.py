"""Fault tests: the real server (`cpi serve`, gunicorn) on a throwaway database, hit over HTTP
while something breaks (bench/README.md, "Fault tests"). Never the data folder or a real
database; only 127.0.0.1."""
