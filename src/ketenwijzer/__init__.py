"""Ketenwijzer: a bilingual knowledge site generator for the Dutch migration chain.

The modules in this package hold the domain logic in plain Python (no MkDocs
imports), except :mod:`ketenwijzer.mkdocs_plugin`, the thin adapter to MkDocs.
"""

__version__ = "0.1.0"
