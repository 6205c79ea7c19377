"""Pure rules for bringing outside data in: header and value matching, dates, encodings, Facebook."""
