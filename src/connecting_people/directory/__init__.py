"""The community directory: Open Referral HSDS 3.0 objects, the team layer, search, import
and export.

It holds no one's record, so it never imports `people` or `network`: the directory can be shared
or published whole.
"""
