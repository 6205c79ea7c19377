"""Intake screen: the keyboard-first form an officer fills in while the citizen talks."""
