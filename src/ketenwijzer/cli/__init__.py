"""The `ketenwijzer` command line: checks and editors' tools (click), one module per command group.

The command is :func:`ketenwijzer.cli.main.main`; this package imports nothing itself, so that the
subscription commands may share :mod:`ketenwijzer.cli.options` without a circular import.
"""
