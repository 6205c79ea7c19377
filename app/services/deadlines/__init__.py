"""Legal deadlines and local targets: the rule table store, the working-day calendar, the legal due
policy, the case clock (thụ lý, gia hạn, tạm đình chỉ), bulk recompute, targets, escalation.

Uses the core and accounts; knows nothing of the case services (it reads the case tables itself).
"""
