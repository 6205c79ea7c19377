"""The database as a whole: which one to use (connection screen) and its health (hotline-desk check).

Uses the core, the audit log's verifier, the PostgreSQL search index check and the deadlines'
clock audit (stored extensions and suspensions the law does not allow).
"""
