"""Settings screen: office details, departments, fields, accounts, legal deadlines and targets."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.bootstrap import Services
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.deadlines.rules_page import RulesPage
from app.ui.deadlines.targets_tab import TargetsTab
from app.ui.settings.accounts_tab import AccountsTab
from app.ui.settings.connection_dialog import ConnectionDialog
from app.ui.settings.department_tab import DepartmentTab
from app.ui.settings.field_tab import FieldTab
from app.ui.settings.office_form import OfficeForm


class CatalogPage(QWidget):
    """Four tabs; every save broadcasts ``catalog_changed`` so other screens refresh their lists."""

    def __init__(self, services: Services, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._events = events
        self._settings = services.settings
        catalog = services.catalog
        self.office = OfficeForm(catalog)
        self.departments = DepartmentTab(catalog)
        self.fields = FieldTab(catalog)
        actor = services.signed_in.actor
        if actor is None:  # this page opens only after a login; say so rather than act as nobody
            raise RuntimeError("CatalogPage needs a signed-in officer (services.signed_in)")
        self.users = AccountsTab(services.auth, catalog, actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office, "Cơ quan")
        self.tabs.addTab(self.departments, "Đơn vị xử lý")
        self.tabs.addTab(self.fields, "Lĩnh vực")
        self.tabs.addTab(self.users, "Tài khoản cán bộ")
        self.rules = RulesPage(services, events)
        self.tabs.addTab(self.rules, "Thời hạn theo luật")
        self.targets = TargetsTab(services, events)
        self.tabs.addTab(self.targets, "Chỉ tiêu của cơ quan")
        title = QLabel("Danh mục")
        title.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.connection_button = QPushButton("Kết nối cơ sở dữ liệu…")
        self.connection_button.clicked.connect(self._on_connection_button_clicked)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.connection_button)
        box = QVBoxLayout(self)
        box.addLayout(header)
        box.addWidget(self.tabs, 1)
        for tab in (self.office, self.departments, self.fields, self.users):
            tab.saved.connect(self._on_tab_saved)
        events.catalog_changed.connect(self._on_events_catalog_changed)

    def _on_connection_button_clicked(self) -> None:
        dialog = ConnectionDialog(self._settings, parent=self)
        ask.exec_dialog(dialog)
        dialog.deleteLater()

    def _on_tab_saved(self, message: str) -> None:
        self._events.status_message.emit(message)
        self._events.catalog_changed.emit()

    def refresh(self) -> None:
        """Read every catalogue again (F5); unsaved typing in the forms is kept."""
        self.office.reload(force=False)
        for tab in (self.departments, self.fields, self.users):
            tab.reload()

    def _on_events_catalog_changed(self) -> None:
        self.refresh()
