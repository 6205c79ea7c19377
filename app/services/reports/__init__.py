"""What the chief signs and sends: the periodic report, the Sổ tiếp công dân, per-case forms, and the
audit entry for every export and print.

Reads the database through its own queries (report_data, register_rows, forms_data); uses the core,
accounts and the audit log, and hands report dataclasses to the pure writers in app.reports.
"""
