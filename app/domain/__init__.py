"""Pure domain vocabulary (no database, no Qt): enums, text and phone rules."""
