"""Where cases come from besides the intake form, and where they go back out: spreadsheet imports of
Smart Hải Phòng / 1022 / Cổng DVC lists, Facebook page exports, and the re-entry export.

Uses the core, accounts and the public part of cases (dto, case_rules, duplicate_service,
search_index, pg_search); never the case services' internals.
"""
