"""The duty phone's own records against the register: «không để bỏ sót».

Owns the import of the phone's call log and SMS (SMS Backup & Restore ``calls-*.xml`` /
``sms-*.xml``, read streaming through expat with every DTD refused; a plain CSV call log with
header synonyms), the reconciliation of each incoming, missed, rejected or voicemail call and
each received SMS with a case of the same caller inside its window, the «Cuộc gọi chưa ghi nhận»
list (make a case, dismiss with a reason, call-back tasks for missed calls) and its counts.

A package of its own beside ``channels`` rather than inside it: it creates no case itself (the
officer does, through the intake form) and keeps state of its own (``phone_log_*`` tables), so it
sits in the same row as ``channels`` and uses only the core, accounts and ``app.domain``; it
reads the register's cases and callers through its own queries, never the case services.
"""
