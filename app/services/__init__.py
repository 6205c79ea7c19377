"""Use cases: one public method per user action, one transaction each, DTOs out."""
