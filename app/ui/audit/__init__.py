"""Nhật ký hệ thống: the audit log viewer for the chief and the administrator."""
