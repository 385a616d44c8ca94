"""Ketenwijzer: a bilingual knowledge site generator for the Dutch migration chain.

The folders say what lives where (tests/test_architecture.py enforces it):

- ``domain/``: the content model, schemas, registry, editions, translations, problems;
- ``generators/``: pure functions from the domain to Markdown, HTML or XML (registry and
  newsletter pages, navigation, feeds, sitemaps, the plain Markdown trees);
- ``site/``: the whole site loaded and cross-checked, what is public, what notify announces;
- ``search/`` (Pagefind) and ``printing/`` (WeasyPrint): the steps after the pages are built;
- ``subscriptions/``: the subscription service, a bounded context of its own;
- the edges: ``mkdocs_adapter/`` (the only code that knows MkDocs, Material and
  mkdocs-static-i18n) and ``cli/`` (the ``ketenwijzer`` command).
"""

__version__ = "0.1.0"
