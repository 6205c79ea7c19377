"""Entry point: ``hotline-desk`` / ``python -m app`` opens the GUI; subcommands run the CLI."""

from __future__ import annotations

import os
import sys

BROKEN_PIPE_EXIT = 141  # what a shell reports for a command stopped by SIGPIPE (128 + 13)


def _reader_gone() -> int:
    """``hotline-desk find … | head``: the reader closed the pipe; stop quietly, no traceback.

    Python flushes ``sys.stdout`` again at exit, which would raise once more: point the file
    descriptor at /dev/null first (the recipe of the Python documentation on SIGPIPE).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE_EXIT


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # only a frozen build needs it (and it costs ~5 ms elsewhere)
        import multiprocessing

        multiprocessing.freeze_support()  # the frozen build's worker processes (audit verify) start here
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the guard: a closed pipe found at exit is no traceback either
        return code
    except BrokenPipeError:
        return _reader_gone()


def _main(argv: list[str] | None) -> int:
    from app.cli.parser import build_parser
    from app.services.core.private_files import owner_only_umask

    owner_only_umask()  # the register, its backups, exports and logs: the office account's alone

    words = sys.argv[1:] if argv is None else argv
    args = build_parser(words).parse_args(words)  # only the subcommand named is built
    if getattr(args, "handler", None) is None:
        from app.qt_libraries import EXIT_MISSING_LIBRARIES, check

        problem = check()  # before Qt: its own message names one package, in English
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_MISSING_LIBRARIES
        from app.main import run_gui

        return run_gui(args.db)
    from app.cli.commands import run

    return run(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
