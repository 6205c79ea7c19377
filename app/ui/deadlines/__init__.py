"""Legal deadlines on screen: the case clock, the working calendar, rules, reminders, escalation."""
