"""The printed books of the site: the handbook and the story collection, one PDF per language.

After both languages are built, :func:`build_books` assembles each book from
the built pages, renders it only when that document changed since the last
render (a content-hash cache in ``.cache/ketenwijzer-print/`` of the project),
writes it beside the book's index page and links it from every page of the book.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ketenwijzer import forked
from ketenwijzer.generators import navigation
from ketenwijzer.domain import project as project_mod
from ketenwijzer.domain.messages import t
from ketenwijzer.printing import document, render

SECTIONS = ("handreiking", "verhalen")  # the site folders that are printed as books
CACHE_DIR = Path(".cache") / "ketenwijzer-print"
STYLESHEET = Path(__file__).with_name("book.css")
log = logging.getLogger("mkdocs.plugins.ketenwijzer")


@dataclass
class Result:
    lang: str
    section: str
    path: str  # in the site, e.g. 'en/handreiking/handbook.pdf'
    pages: int
    size: int  # bytes
    rendered: bool  # False: unchanged, taken from the cache
    seconds: float
    pending: bool = False  # `mkdocs serve`: a new version is being rendered in the background


def lang_prefix(lang: str) -> str:
    return "" if lang == project_mod.DEFAULT_LANGUAGE else f"{lang}/"


def pdf_path(section: str, lang: str) -> str:
    return f"{lang_prefix(lang)}{section}/{t(f'print.file.{section}', lang)}.pdf"


def _page_url(slug: str, lang: str) -> str:
    """'handreiking/03-verwijzen' -> 'en/handreiking/03-verwijzen/'; an index slug gives its folder."""
    stem = slug[: -len("index")] if slug.endswith("/index") else slug + "/"
    return lang_prefix(lang) + stem


def collect(model, section: str, lang: str, site_dir: Path, site_url: str, site_name: str) -> document.Book | None:
    """The book of ``section`` in ``lang`` from the built site, or None if its index page was not built."""
    slugs = [f"{section}/index"] + navigation.section_slugs(model, section)
    pages = model.project.pages()
    chapters: list = []
    sources: list = []  # the Markdown this language's book is made of
    for slug in slugs:
        url = _page_url(slug, lang)
        built = site_dir / url / "index.html"
        if not built.is_file():
            if slug.endswith("/index"):
                return None
            continue  # a draft left out of the site
        number = None if slug.endswith("/index") else len(chapters)
        written_in = lang if lang in pages.get(slug, {}) else project_mod.DEFAULT_LANGUAGE
        title = t("print.intro", lang) if number is None else model.title(slug, lang)
        source = pages[slug][written_in]
        sources.append(source.path)
        chapters.append(
            document.Chapter(
                number,
                title,
                url,
                built.read_text(encoding="utf-8"),
                str(built),
                written_in,
                (model.project.display(source.path), str(source.path)),
            )
        )
    index = model.meta(f"{section}/index", lang)
    return document.Book(
        title=str(index.get("title", section)),
        description=str(index.get("description", "")),
        lang=lang,
        date=content_date(model.root, sources),
        address=site_url + _page_url(f"{section}/index", lang),
        site_name=site_name,
        site_url=site_url,
        chapters=chapters,
    )


def content_date(root: Path, sources: list[Path]) -> dt.date:
    """When the book's sources last changed: their last commit, or the newest file if one has unsaved changes."""
    stats = tuple((str(p), *_stat(p)) for p in sources)
    known = _DATES.get(stats)
    if known is None:
        known = _DATES[stats] = _content_date(root, sources, max((s[1] for s in stats), default=0))
    return known


def _stat(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


# the content dates this process worked out, by the sources' names, times and sizes (`make serve` asks on every save)
_DATES: dict[tuple, dt.date] = {}


def _content_date(root: Path, sources: list[Path], newest_ns: int) -> dt.date:
    by_mtime = dt.date.fromtimestamp(newest_ns / 1e9) if newest_ns else dt.date.today()
    try:
        names = [os.path.relpath(p, root) for p in sources]
        log = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *names], cwd=root, capture_output=True, text=True, timeout=10
        )
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", *names], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return by_mtime
    if log.returncode or status.returncode or status.stdout.strip() or not log.stdout.strip():
        return by_mtime  # not a git work tree, or edited since the last commit
    return dt.date.fromisoformat(log.stdout.strip())


def _key(book: document.Book) -> str:
    """A hash of everything the print document is made of, without assembling it.

    The printing code and stylesheet are part of it: a new version of either renders again.
    """
    digest = hashlib.sha256()
    parts = [
        render.version(),
        render.VARIANT,
        Path(document.__file__).read_text(encoding="utf-8"),
        STYLESHEET.read_text(encoding="utf-8"),
        book.title,
        book.description,
        book.lang,
        book.date.isoformat(),
        book.address,
        book.site_name,
        book.site_url,
    ]
    for chapter in book.chapters:
        body = document.article(chapter.html, chapter.source)
        document.check_images(chapter, body)  # here, before a forked process renders it
        parts += [str(chapter.number), chapter.title, chapter.url, chapter.lang, document.remove_download_link(body)]
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class Job:
    book: document.Book
    section: str
    key: str  # the hash of what its print document is made of (see _key)
    cache: Path

    def text(self) -> str:
        """The print document."""
        return document.assemble(self.book, STYLESHEET.read_text(encoding="utf-8"))

    @property
    def name(self) -> str:
        return f"{self.book.lang}-{self.section}"

    @property
    def cached_pdf(self) -> Path:
        return self.cache / f"{self.name}.pdf"

    @property
    def meta_file(self) -> Path:
        return self.cache / f"{self.name}.json"

    def cached_pages(self, any_version: bool = False) -> int | None:
        """The page count of the cached PDF if it was rendered from this very document (or from any version)."""
        meta = _read_json(self.meta_file)
        if (any_version or meta.get("key") == self.key) and "pages" in meta and self.cached_pdf.is_file():
            return int(meta["pages"])
        return None


def plan(book: document.Book, section: str, cache: Path) -> Job:
    return Job(book, section, _key(book), cache)


def render_job(job: Job, site_dir: Path) -> float:
    """Render the job's PDF into the cache; the seconds it took."""
    start = time.perf_counter()
    data, pages = render.render(job.text(), base_url=site_dir.resolve().as_uri() + "/")
    job.cache.mkdir(parents=True, exist_ok=True)
    job.cached_pdf.write_bytes(data)
    job.meta_file.write_text(json.dumps({"key": job.key, "pages": pages}), encoding="utf-8")
    return time.perf_counter() - start


def publish(job: Job, site_dir: Path, rendered: bool, seconds: float, pending: bool = False) -> Result:
    """Copy the cached PDF into the site and link it from every page of the book."""
    data, pages = job.cached_pdf.read_bytes(), job.cached_pages(any_version=pending)
    if pages is None:
        raise RuntimeError(f"{job.cached_pdf}: the render did not leave a PDF of this document; build again")
    book = job.book
    rel = pdf_path(job.section, book.lang)
    target = site_dir / rel
    if not target.is_file() or target.stat().st_size != len(data) or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    label = download_label(book.lang, pages, len(data))
    for chapter in book.chapters:
        page = site_dir / chapter.url / "index.html"
        current = page.read_text(encoding="utf-8")  # in `mkdocs serve`, a later build may have written it
        linked = add_download_link(current, posixpath.relpath(rel, chapter.url.rstrip("/")), label, book.lang)
        if linked != current:
            built = page.stat()
            page.write_text(linked, encoding="utf-8")
            # keep the time MkDocs wrote it: a dirty rebuild renders a page again only if its source is newer,
            # and a link added after a save would otherwise hide that save from it
            os.utime(page, ns=(built.st_atime_ns, built.st_mtime_ns))
    return Result(book.lang, job.section, rel, pages, len(data), rendered, seconds, pending)


# `mkdocs serve`: the render running in the background for each book, by Job.name
_BACKGROUND: dict[str, subprocess.Popen] = {}
_BACKGROUND_LOCK = threading.Lock()
# a background render publishes (rewrites the book's pages) only between builds: a build under way
# would otherwise have its fresh pages overwritten with the versions read just before
_BUILDS = threading.Condition()
_STATE = {"building": False, "publishing": False}
WAIT = 600  # seconds a build or a publication waits for the other at most


def build_started() -> None:
    with _BUILDS:
        _BUILDS.wait_for(lambda: not _STATE["publishing"], timeout=WAIT)
        _STATE["building"] = True


def build_finished() -> None:
    with _BUILDS:
        _STATE["building"] = False
        _BUILDS.notify_all()


def render_in_background(job: Job, site_dir: Path) -> None:
    """Render in a child process and publish when it is done, so that a save in `make serve` shows at once.

    A newer save of the same book stops the render of the older one.
    """
    job.cache.mkdir(parents=True, exist_ok=True)
    source, target = job.cache / f"{job.name}.next.html", job.cache / f"{job.name}.next.pdf"
    with _BACKGROUND_LOCK:
        previous = _BACKGROUND.pop(job.name, None)
        if previous is not None and previous.poll() is None:
            previous.kill()
            previous.wait()
        source.write_text(job.text(), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "ketenwijzer.printing.render", str(source), site_dir.resolve().as_uri() + "/", str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _BACKGROUND[job.name] = process
    start = time.perf_counter()

    def finish() -> None:
        out, err = process.communicate()
        with _BUILDS:
            if not _BUILDS.wait_for(lambda: not _STATE["building"], timeout=WAIT):
                return  # the next build publishes what is in the cache
            _STATE["publishing"] = True
        try:
            with _BACKGROUND_LOCK:
                if _BACKGROUND.get(job.name) is not process:
                    return  # a newer save took over
                del _BACKGROUND[job.name]
                if process.returncode:
                    if process.returncode > 0:
                        log.error(f"ketenwijzer: rendering {pdf_path(job.section, job.book.lang)} failed: {err.strip()[-2000:]}")
                    return
                os.replace(target, job.cached_pdf)
                job.meta_file.write_text(json.dumps({"key": job.key, "pages": int(out.strip())}), encoding="utf-8")
                if site_dir.is_dir():
                    result = publish(job, site_dir, True, time.perf_counter() - start)
                    log.info(
                        f"ketenwijzer: {result.path}: {result.pages} pages, {round(result.size / 1000)} kB, "
                        f"rendered in the background in {result.seconds:.1f} s"
                    )
        finally:
            with _BUILDS:
                _STATE["publishing"] = False
                _BUILDS.notify_all()

    threading.Thread(target=finish, name=f"render {job.name}", daemon=True).start()


def wait_for_background(timeout: float = 300) -> None:
    """Wait until the renders started in the background are published (for tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _BACKGROUND_LOCK:
            if not _BACKGROUND:
                return
        time.sleep(0.05)
    raise TimeoutError("the PDFs rendered in the background did not finish")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def download_label(lang: str, pages: int, size: int) -> str:
    kilobytes = max(1, round(size / 1000))
    if pages == 1:
        return t("print.download.one", lang).format(size=kilobytes)
    return t("print.download", lang).format(pages=pages, size=f"{kilobytes:,}".replace(",", "." if lang == "nl" else ","))


_FIRST_H1_END = re.compile(r'(<article class="md-content__inner md-typeset"[^>]*>.*?</h1>\n?)', re.S)


def add_download_link(page_html: str, href: str, label: str, lang: str) -> str:
    """The page with one download paragraph under its title (replacing the one an earlier build put there)."""
    page_html = document.remove_download_link(page_html)
    link = (
        f'<p class="kw-pdf"><a href="{html.escape(href, quote=True)}" type="application/pdf" '
        f'hreflang="{lang}">{html.escape(label)}</a></p>\n'
    )
    return _FIRST_H1_END.sub(lambda m: m.group(1) + link, page_html, count=1)


def build_books(model, site_dir: Path, site_url: str, site_name: str, languages, background: bool = False) -> list[Result]:
    """Every book in every language built this time; ``site_url`` is the live site's root.

    Only the books whose print document changed are rendered; with two of them
    or more, a forked process renders half of them beside this one. With
    ``background`` (`mkdocs serve`), they are rendered in child processes while
    the site keeps the previous version, and published when they are ready.
    """
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    cache = model.root / CACHE_DIR
    jobs = []
    for lang in languages:
        for section in SECTIONS:
            book = collect(model, section, lang, site_dir, site_url, site_name)
            if book is not None:
                jobs.append(plan(book, section, cache))
    todo = [job for job in jobs if job.cached_pages() is None]
    if background:
        for job in todo:
            render_in_background(job, site_dir)
        waiting = {job.name for job in todo}
        return [
            publish(job, site_dir, False, 0.0, pending=job.name in waiting)
            for job in jobs
            if job.name not in waiting or job.cached_pages(any_version=True) is not None
        ]
    seconds: dict[str, float] = {}
    child = None
    if len(todo) > 1 and forked.available() and os.environ.get("KETENWIJZER_PARALLEL", "auto") != "0":
        # the child renders the second half (the handbooks come first: the larger share stays here)
        theirs = todo[(len(todo) + 1) // 2 :]
        todo = todo[: (len(todo) + 1) // 2]
        child = forked.start(lambda: {job.name: render_job(job, site_dir) for job in theirs}, "rendering the PDFs")
    try:
        for job in todo:
            seconds[job.name] = render_job(job, site_dir)
    finally:
        if child is not None:
            seconds.update(child.join())
    return [publish(job, site_dir, job.name in seconds, seconds.get(job.name, 0.0)) for job in jobs]
