"""Settings screens: office details and the catalogues (departments, fields, officers)."""
