"""The hash-chained audit log (nhật ký hệ thống): appending in the caller's transaction, verifying the
chain, and the chief's and administrator's read side.

The log itself (audit_service) uses only the core; the read side (audit_query) also asks accounts
who is signed in.
"""
