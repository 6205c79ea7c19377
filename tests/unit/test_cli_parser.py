"""The command line builds only the subcommand it names; the table that says where each one is
added must match the whole parser, or a command would vanish from a lazily built one."""

from __future__ import annotations

import argparse

import pytest

from app.cli.parser import COMMANDS, build_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_table_lists_every_command_of_the_whole_parser_in_its_order() -> None:
    assert list(_commands(build_parser())) == list(COMMANDS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_line_naming_one_command_builds_it_as_the_whole_parser_does(command: str) -> None:
    whole = _commands(build_parser())[command]
    alone = _commands(build_parser(["--db", "x.db", command]))
    assert command in alone and len(alone) <= len(COMMANDS)
    assert alone[command].format_help() == whole.format_help()


def test_the_gui_builds_no_subcommand_and_help_or_a_typo_the_whole_parser() -> None:
    assert _commands(build_parser(["--db", "x.db"])) == {}
    assert _commands(build_parser([])) == {}
    for argv in (["--help"], ["--he"], ["fnd"], ["--db=x.db", "-h"]):
        assert list(_commands(build_parser(argv))) == list(COMMANDS), argv
    with pytest.raises(SystemExit):
        build_parser(["fnd"]).parse_args(["fnd"])


def test_db_before_or_after_the_command_and_its_value_is_never_the_command() -> None:
    args = build_parser(["--db", "find", "find", "x"]).parse_args(["--db", "find", "find", "x"])
    assert (args.command, args.text, args.db) == ("find", "x", "find")
    argv = ["deadlines", "khieu_nai", "2026-03-02", "--db", "y.db"]
    assert build_parser(argv).parse_args(argv).db == "y.db"
