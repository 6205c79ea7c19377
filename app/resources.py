"""Find shipped resources (fonts, data, translations, the user manual) in the source tree and in a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The ``resources/`` folder: next to ``app/`` in the source tree, or in the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("fonts", "LiberationSerif-Regular.ttf")``."""
    return resource_root().joinpath(*parts)


def manual_root() -> Path:
    """The user manual (``docs/manual/``): in the source tree, or where ``build.spec`` puts it in the bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "docs" / "manual"
    return Path(__file__).resolve().parent.parent / "docs" / "manual"
