"""Where a page's source lives and when it last changed: "Edit this page" and "Last updated".

Plain Python (and git): the MkDocs plugin only asks :func:`page_footer` for each page.

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
import subprocess
from pathlib import Path

from .messages import long_date, t


_CACHE: dict[tuple[str, str], dict[str, dt.date]] = {}


def git_dates(root: Path) -> dict[str, dt.date]:
    """{path relative to ``root``: date of the last commit touching it}; {} outside git.

    Read once per commit: `make serve` rebuilds after every save, and the history changes only with a commit.
    """
    try:
        top, head = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel", "HEAD"], capture_output=True,
                                   text=True, check=True, timeout=30).stdout.split()
        hit = _CACHE.get((str(root), head))
        if hit is not None:
            return hit
        # only the project's own folder ('.' from root); the names come relative to the repository's top
        log = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
                             capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    dates: dict[str, dt.date] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\0"):
            day = dt.date.fromisoformat(line[1:])
        elif line and day is not None:
            name = line if prefix == "." else line[len(prefix) + 1:] if line.startswith(prefix + "/") else None
            if name is not None:
                dates.setdefault(name, day)  # newest first: the first date seen is the last change
    _CACHE[(str(root), head)] = dates
    return dates


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


def page_footer(rel_path: str, lang: str, *, dates: dict[str, dt.date], meta: dict, base: str | None) -> str:
    """The 'Last updated · Edit this page' line of a page built from ``rel_path`` (left out of search)."""
    updated = dates.get(rel_path)
    if updated is None and isinstance(meta.get("updated"), dt.date):
        updated = meta["updated"]
    parts = []
    if updated is not None:
        parts.append(f'{t("page.updated", lang)}: <time datetime="{updated.isoformat()}">{long_date(updated, lang)}</time>')
    if base is not None:
        parts.append(f'<a href="{base}{rel_path}" rel="nofollow">{t("page.edit", lang)}</a>')
    if not parts:
        return ""
    return f'\n\n<p class="kw-page-meta" data-search-exclude>{" · ".join(parts)}</p>\n'
