"""The preview of a file: each column with what it will be imported as, and the first rows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.imports.columns import ColumnMapping, ImportField
from app.services.channels.import_types import ImportPreview

UNRECOGNISED = "— Chưa nhận ra —"


class MappingView(QWidget):
    """One combo per column (ImportField labels) to fix the mapping; a sample table below."""

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping: ColumnMapping | None = None
        self._filling = False
        self.columns = QTableWidget(0, 3, self)
        self.columns.setObjectName("mappingTable")
        self.columns.setHorizontalHeaderLabels(
            [self.tr("Cột trong tệp"), self.tr("Nhập vào mục"), self.tr("Ví dụ")]
        )
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setObjectName("mappingMissing")
        self.sample = QTableWidget(0, 0, self)
        self.sample.setObjectName("sampleTable")
        self.sample.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample.setMaximumHeight(170)
        self.sample.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel(self.tr("Các cột nhận ra được (sửa ở cột «Nhập vào mục» nếu chưa đúng)"), self)
        )
        layout.addWidget(self.columns, 2)
        layout.addWidget(self.missing)
        layout.addWidget(QLabel(self.tr("Mấy dòng đầu của tệp"), self))
        layout.addWidget(self.sample, 1)

    def show_preview(self, preview: ImportPreview) -> None:
        """Fill both tables from the service's preview."""
        self.mapping = preview.mapping
        headers = [c.header for c in preview.mapping.columns] if preview.mapping else []
        rows = [r for r in preview.sample if [c.strip() for c in r[: len(headers)]] != headers]
        self._fill_sample(headers, rows)
        self._fill_columns(rows)
        self._update_missing()

    def combo(self, index: int) -> QComboBox:
        """The combo for column ``index`` of the file (tests pick from it as the officer does)."""
        widget = self.columns.cellWidget(index, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def _fill_sample(self, headers: list[str], rows: list[tuple[str, ...]]) -> None:
        width = max([len(headers), *(len(r) for r in rows)], default=0)
        self.sample.clear()
        self.sample.setColumnCount(width)
        self.sample.setRowCount(len(rows))
        self.sample.setHorizontalHeaderLabels(headers + [""] * (width - len(headers)))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value.replace("\n", " ")[:80])
                item.setToolTip(value)
                self.sample.setItem(r, c, item)
        self.sample.resizeColumnsToContents()

    def _fill_columns(self, rows: list[tuple[str, ...]]) -> None:
        columns = self.mapping.columns if self.mapping else ()
        self._filling = True
        self.columns.setRowCount(len(columns))
        for row, col in enumerate(columns):
            self.columns.setItem(row, 0, QTableWidgetItem(col.header or f"Cột {col.index + 1}"))
            combo = QComboBox(self.columns)
            combo.addItem(self.tr(UNRECOGNISED), None)
            for target in ImportField:
                combo.addItem(target.label, target.value)
            combo.setCurrentIndex(max(combo.findData(col.target.value if col.target else None), 0))
            combo.currentIndexChanged.connect(lambda _i, index=col.index, c=combo: self._on_combo(index, c))
            self.columns.setCellWidget(row, 1, combo)
            example = next((r[col.index] for r in rows if col.index < len(r) and r[col.index]), "")
            self.columns.setItem(row, 2, QTableWidgetItem(example.replace("\n", " ")[:80]))
        self._filling = False

    def _on_combo(self, index: int, combo: QComboBox) -> None:
        if self._filling or self.mapping is None:
            return
        value = combo.currentData()
        self.mapping = self.mapping.with_target(index, ImportField(value) if value else None)
        self._filling = True
        for row, col in enumerate(self.mapping.columns):  # a target moved away from another column
            other = self.combo(row)
            other.setCurrentIndex(max(other.findData(col.target.value if col.target else None), 0))
        self._filling = False
        self._update_missing()
        self.mapping_changed.emit()

    def _update_missing(self) -> None:
        missing = self.mapping.missing if self.mapping else ()
        if missing:
            names = ", ".join(f.label for f in missing)
            self.missing.setText(self.tr("Còn thiếu cột bắt buộc: {names}").format(names=names))
        else:
            self.missing.setText("")
        self.missing.setVisible(bool(missing))
