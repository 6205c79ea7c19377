"""Who is signed in and what he may do: login and lock-out, account administration, the permission
guard.

Uses the core and the audit log; knows nothing of cases, reports or backups.
"""
