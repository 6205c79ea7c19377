"""Demo data: realistic Hải Phòng sample cases written fast for trying the app and for benchmarks.

Uses the core and the public part of cases.
"""
