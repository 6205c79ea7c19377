"""The register itself: intake, list and search, the case file, duplicates, merges, conflicts,
attachments, sealed identity, drafts and the dashboard.

Uses the core, the audit log and accounts. Other capabilities may use its DTOs (dto), its input
checks (case_rules), its search index writers (search_index, pg_search) and duplicate matching
(duplicate_service); everything else here is internal (see the import-linter contracts).
"""
