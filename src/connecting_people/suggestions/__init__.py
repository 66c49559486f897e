"""Suggestions: directory services, community connectors and sessions that could suit one person,
ranked with their interests and barriers, explained, and followed through to what came of them.

An engine: it reads the person's record (people, plans), their map (network) and the directory.
"""
