"""The shared core every capability may use: service errors, database-error translation, snapshot
reads, the due-date seam, the change marker, and the words that seal a denouncer's identity.

Uses only app.db, app.reports' types, app.models and app.domain; imports no other capability.
"""
