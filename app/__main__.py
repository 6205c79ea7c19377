"""Entry point: ``hotline-desk`` / ``python -m app`` opens the GUI; subcommands run the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen build's worker processes (audit verify) start here
    from app.cli.parser import build_parser
    from app.services.core.private_files import owner_only_umask

    owner_only_umask()  # the register, its backups, exports and logs: the office account's alone

    args = build_parser().parse_args(argv)
    if getattr(args, "handler", None) is None:
        from app.main import run_gui

        return run_gui(args.db)
    from app.cli.commands import run

    return run(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
