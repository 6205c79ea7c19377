"""Install Qt translators: Vietnamese standard buttons (shipped qtbase_vi) and app translations."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

log = logging.getLogger(__name__)

VIETNAMESE = QLocale("vi_VN")


def install_translators(app: QCoreApplication, locale: QLocale = VIETNAMESE) -> list[QTranslator]:
    """Make ``locale`` the default and install every translation found for it.

    Qt ships no ``qtbase_vi.qm`` (TOOLING.md pitfall 7), so ours in ``resources/translations``
    is installed after Qt's own and wins. Source strings of the app are Vietnamese; a
    ``hotline_<lang>.qm`` there gives another language.
    """
    QLocale.setDefault(locale)
    ours = str(resource_path("translations"))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed: list[QTranslator] = []
    for name, directory in (("qtbase", qt_dir), ("qtbase", ours), ("hotline", ours)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory, ".qm"):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    log.info("translations for %s: %s", locale.name(), [t.filePath() for t in installed])
    return installed
