"""The `ketenwijzer` command line: checks and editors' tools (click), one module per command group."""

from ketenwijzer.cli.main import main

__all__ = ["main"]
