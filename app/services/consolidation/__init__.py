"""Reports that travel upward: unit report packages and the consolidated report that receives them.

Owns the report package written beside every periodic report export (``package_service``), the
office's editable list of subordinate units and the shipped lists (``unit_list``), reading and
checking many packages (``package_check``), adding them up field by field (``merge``) and the
service the «Tổng hợp báo cáo đơn vị» page and ``hotline-desk consolidate`` use
(``consolidation_service``).

May use: ``reports`` (the periodic report it packages, its options and writer), ``accounts``
(the guard), ``core``, the pure writers and package format in ``app.reports``, the ``Office``
model. Nothing of ``cases``, ``channels``, ``deadlines``, ``catalog`` or ``demo``.
"""
