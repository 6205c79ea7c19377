"""The office and its catalogues: office details, departments, fields (lĩnh vực), officers; first-start
seed.

Uses the core and accounts.
"""
