"""Where a page's source lives and when it last changed: "Edit this page" and "Last updated".

Plain Python: the MkDocs plugin reads git once per build (:func:`ketenwijzer.sitemaps.git_dates`)
and asks :func:`page_footer` for each page.

* The edit link points at the page's own source file in its own language
  (``stories/x.en.md`` for ``/en/verhalen/x/``), when ``repo_url`` is configured.
  ``edit_uri`` is read as MkDocs does (relative to ``repo_url``, ending in the docs
  folder, e.g. ``edit/main/docs/``); sources outside ``docs/`` get the same address
  with their own folder. Without ``edit_uri``, GitHub and GitLab addresses get
  ``edit/main/``.
* The date is that of the last commit that touched the file; a file that git does
  not know (or a project outside git) falls back to its ``updated:`` key.
"""

from __future__ import annotations

import datetime as dt

from ketenwijzer.domain.messages import long_date, t


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str = "docs") -> str | None:
    """The address that a path relative to the project root is appended to, or None without a repository."""
    if not repo_url:
        return None
    if edit_uri is None:
        if not any(host in repo_url for host in ("github.com", "gitlab.com")):
            return None
        edit_uri = "edit/main/"
    if edit_uri.startswith(("http://", "https://")):
        base = edit_uri
    else:
        base = repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    base = base.rstrip("/") + "/"
    suffix = docs_dir.strip("/") + "/"
    return base[: -len(suffix)] if base.endswith("/" + suffix) else base


def page_footer(rel_path: str, lang: str, *, committed: dt.date | None, meta: dict, base: str | None) -> str:
    """The 'Last updated · Edit this page' line of a page built from ``rel_path`` (left out of search).

    ``committed`` is the date of the file's last commit (sitemaps.git_dates), None when git does not know it.
    """
    updated = committed
    if updated is None and isinstance(meta.get("updated"), dt.date):
        updated = meta["updated"]
    parts = []
    if updated is not None:
        parts.append(f'{t("page.updated", lang)}: <time datetime="{updated.isoformat()}">{long_date(updated, lang)}</time>')
    if base is not None:
        parts.append(f'<a href="{base}{rel_path}" rel="nofollow">{t("page.edit", lang)}</a>')
    if not parts:
        return ""
    return f'\n\n<p class="kw-page-meta">{" · ".join(parts)}</p>\n'
