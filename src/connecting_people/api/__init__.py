"""The interfaces other systems read: the HSDS 3.0 read API (`api/hsds/`).

A face (DESIGN.md §4): it may import any app below the faces; nothing below the faces imports it.
"""
