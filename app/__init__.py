"""Hotline Desk: a citizen-feedback hotline register for Vietnamese local government."""

__version__ = "0.1.0"
