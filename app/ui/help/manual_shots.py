"""Screenshots of the user manual, taken from the real screens on a demo database (offscreen ``grab()``).

``python -m app.ui.help.manual_shots --out docs/manual/img`` — CI runs it into a temporary folder
(``tests/ui/test_manual.py``) so a screen that changed shows up as a manual that no longer matches.
Every shot signs in with the role whose page of the manual shows it, as the login would.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

SCREEN = (1366, 768)
"""The most common office laptop screen: every shot is taken on it, the main window filling it."""
_SCREEN_JSON = (
    '{"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1366, "height": 768,'
    ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
)


def _offscreen(folder: Path) -> None:
    """Before Qt starts: the offscreen platform on a 1366×768 screen, unless the caller chose one."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    config = folder / "desk_screen.json"
    config.write_text(_SCREEN_JSON, encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def take_shots(out: Path, only: Iterable[str] = ()) -> list[Path]:
    """Build the demo office in a temporary folder and save every shot (or ``only`` those) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hotline-manual-") as tmp:
        folder = Path(tmp)
        _offscreen(folder)
        from app.ui.help import shot_scenes  # Qt is imported from here on

        shot_scenes.start_app()
        desk = shot_scenes.build_desk(folder)
        saved: list[Path] = []
        try:
            wanted = set(only)
            unknown = wanted - set(shot_scenes.SCENES)
            if unknown:
                raise SystemExit(f"không có ảnh: {', '.join(sorted(unknown))}")
            for name, scene in shot_scenes.SCENES.items():
                if wanted and name not in wanted:
                    continue
                started = time.perf_counter()
                path = out / f"{name}.png"
                shot_scenes.save(scene(desk), path)
                print(f"{path} {time.perf_counter() - started:.2f} s", flush=True)
                saved.append(path)
        finally:
            desk.services.close()
        return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chụp các ảnh màn hình của hướng dẫn sử dụng.")
    parser.add_argument("--out", type=Path, default=Path("docs/manual/img"), help="thư mục ghi ảnh PNG")
    parser.add_argument("names", nargs="*", help="chỉ chụp các ảnh này (tên không có .png)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    saved = take_shots(args.out, args.names)
    print(f"{len(saved)} ảnh, {time.perf_counter() - started:.1f} s ({date.today():%d/%m/%Y})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
