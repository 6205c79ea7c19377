"""The loop back to the citizen (issue 15).

Owns: the first answer that closes a case's ``notify`` step (``first_answer``), reply drafts
from editable templates with the chief's approval or return, recorded as sent only once
approved (``reply_templates``, ``reply_drafts``), and the satisfaction call-back list after
closing, whose «chưa hài lòng» reopens the case with its deadline restarted (``callbacks``).

May use: core, accounts (the guard), audit (through the case history hook), and deadlines
(the rule table, the case clock and the due policy). Nothing of cases' services: it writes
the case row, its history and its reply in its own transactions.
"""
