"""Command-line subcommands (Qt-free): init, demo, find, and the ones later issues add."""
