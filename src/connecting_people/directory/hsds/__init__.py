"""Open Referral HSDS 3.0 in and out: serialising, exporting and importing directory records."""
