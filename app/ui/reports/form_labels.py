"""Line up the label columns of several form layouts so stacked forms read as one."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget


def align_labels(*forms: QFormLayout) -> int:
    """Give every label of ``forms`` the width of the widest one; returns that width."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if label is not None:
                labels.append(label)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)
    return width
