"""The printed books of the real site: the handbook and the story collection as PDFs, per language.

Read back with poppler's pdfinfo and pdffonts (`make pdflibs` installs them) and with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html
from mkdocs.exceptions import Abort
from pypdf import PdfReader

from conftest import SiteProject
from ketenwijzer.site import sitemodel
from ketenwijzer.printing import books
from real_site import REPO, copy_content
from test_serve import _fetch, _wait_for, served  # noqa: F401 -- `make serve` for real, as test_serve runs it

BOOKS = [(lang, section) for lang in ("nl", "en") for section in books.SECTIONS]
LABEL = {
    "nl": re.compile(r"Download als PDF \((\d+) pagina's, ([\d.]+) kB\)"),
    "en": re.compile(r"Download as PDF \((\d+) pages, ([\d,]+) kB\)"),
}


def _prefix(lang: str) -> str:
    return "" if lang == "nl" else f"{lang}/"


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def _nav_chapters(site: Path, lang: str, section: str) -> list[tuple[str, str]]:
    """The section's pages as the site's navigation lists them: (path, title), index first."""
    page = site / _prefix(lang) / section / "index.html"
    tree = lxml_html.fromstring(page.read_bytes())
    found = []
    for link in tree.xpath('//nav[contains(@class, "md-nav--primary")]//a[@href]'):
        href = link.get("href")
        if href.startswith("#"):
            continue  # the current page's own table of contents
        target = (page.parent / href).resolve()
        rel = target.relative_to(site.resolve()).as_posix() if target.is_relative_to(site.resolve()) else ""
        if rel.startswith(f"{_prefix(lang)}{section}") and rel not in [path for path, _ in found]:
            found.append((rel, " ".join(link.text_content().split())))
    return found


def _structure(reader: PdfReader):
    """Every element of the PDF's structure tree (its tags)."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        yield node
        children = node.get("/K")
        children = children if isinstance(children, list) else [children]
        stack.extend(c.get_object() for c in children if hasattr(c, "get_object") and isinstance(c.get_object(), dict))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("lang,section", BOOKS)
def test_each_book_is_built_linked_and_numbered_like_the_site(real_site, lang, section):
    site = real_site
    rel = books.pdf_path(section, lang)
    pdf = site / rel
    assert pdf.is_file(), f"{rel} was not built"
    info = _pdfinfo(pdf)
    pages, size = int(info["Pages"]), pdf.stat().st_size
    assert pages >= 5

    # linked, with its real page count and size, from the index page and every chapter
    chapters = _nav_chapters(site, lang, section)
    assert len(chapters) >= 6, chapters
    for path, _title in chapters:
        page = site / path / "index.html"
        tree = lxml_html.fromstring(page.read_bytes())
        links = tree.xpath('//article//p[@class="kw-pdf"]/a')
        assert len(links) == 1, f"{path}: {len(links)} download links"
        target = (page.parent / links[0].get("href")).resolve()
        assert target == pdf.resolve(), f"{path} links {links[0].get('href')}"
        match = LABEL[lang].fullmatch(links[0].text_content())
        assert match, links[0].text_content()
        assert int(match.group(1)) == pages
        assert int(re.sub(r"[.,]", "", match.group(2))) == round(size / 1000)

    # every chapter title, in the navigation's order, with the number it has in the site
    reader = PdfReader(pdf)
    text = _text(reader)
    model = sitemodel.load(site.parent)
    index_title = model.meta(f"{section}/index", lang)["title"]
    assert reader.metadata.title == index_title
    position = text.index(index_title)
    contents = text.index({"nl": "Inhoud", "en": "Contents"}[lang], position)
    headings = []
    for number, (path, nav_title) in enumerate(chapters[1:], start=1):
        slug = path.removeprefix(_prefix(lang))
        title = " ".join(model.title(slug, lang).split())
        assert nav_title == title, f"the site's navigation says {nav_title!r} for {slug}"
        heading = f"{number} {title}"
        in_toc = text.index(heading, contents)
        headings.append(heading)
        assert in_toc > contents
    # then the chapters themselves, after the table of contents, in the same order
    position = text.index(headings[-1], contents) + len(headings[-1])
    for heading in headings:
        found = text.find(heading, position)
        assert found > position, f"chapter {heading!r} missing or out of order in {rel}"
        position = found
    # each chapter starts on the page its table of contents entry names, whose footer has the
    # book's title, the chapter and "page N of M"
    toc = text[contents:]  # its first match of a heading is the table of contents entry
    for heading in headings:
        start = int(re.search(re.escape(heading) + r"[ .]*(\d+)", toc).group(1))
        page = " ".join(reader.pages[start - 1].extract_text().split())
        assert page.startswith(heading), f"{heading!r} does not start page {start}: {page[:80]!r}"
        assert f"{index_title} — {heading}" in page
        assert {"nl": f"pagina {start} van {pages}", "en": f"page {start} of {pages}"}[lang] in page


@pytest.mark.parametrize("lang,section", BOOKS)
def test_each_book_is_an_accessible_tagged_pdf_in_its_language(real_site, lang, section):
    pdf = real_site / books.pdf_path(section, lang)
    info = _pdfinfo(pdf)
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    reader = PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()  # it claims PDF/UA

    # the structure tree names headings, lists, links and tables
    kinds: dict[str, int] = {}
    for node in _structure(reader):
        kinds[str(node.get("/S"))] = kinds.get(str(node.get("/S")), 0) + 1
    chapters = len(_nav_chapters(real_site, lang, section))
    assert kinds.get("/H1") == chapters + 1, kinds  # the cover's title and one per page of the book
    assert kinds.get("/Link", 0) > 0 and kinds.get("/L", 0) > 0 and kinds.get("/H2", 0) > 0, kinds

    # every font is embedded
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        fields = row.split()
        emb = fields[-5]
        assert emb == "yes", f"font not embedded: {row}"


def test_cover_names_language_date_and_live_address_and_links_point_at_the_live_site(real_site):
    config_url = _site_url()
    for lang, section in BOOKS:
        reader = PdfReader(real_site / books.pdf_path(section, lang))
        cover = " ".join(reader.pages[0].extract_text().split())
        assert {"nl": "Nederlands", "en": "English"}[lang] in cover
        # the date of the content: here (no git) the newest source file of the book in its language
        folder = {"handreiking": "handreiking", "verhalen": "stories"}[section]
        newest = dt.date.fromtimestamp(max(p.stat().st_mtime for p in (real_site.parent / folder).glob(f"*.{lang}.md")))
        assert re.search(rf"\b{newest.day} \w+ {newest.year}\b", cover), cover
        assert f"{config_url}{_prefix(lang)}{section}/" in cover
        uris = [
            annot.get_object()["/A"]["/URI"]
            for page in reader.pages
            for annot in page.get("/Annots", [])
            if "/URI" in annot.get_object().get("/A", {})
        ]
        registry = [u for u in uris if "wie-doet-wat/" in u]
        assert registry, f"{section} {lang}: no registry link"
        assert all(u.startswith(config_url) for u in registry), registry[:3]
        assert not [u for u in uris if u.startswith("file:")], "a link points into the build folder"


def test_handbook_abbreviations_are_spelt_out_once_and_cross_references_name_the_page(real_site):
    text = _text(PdfReader(real_site / books.pdf_path("handreiking", "nl")))
    body = text[text.index("1 Het gedeelde doel", text.index("Inhoud") + 300) :]
    assert text.count("IND (Immigratie- en Naturalisatiedienst)") == 1
    assert "DT&V (Dienst Terugkeer en Vertrek)" in text
    # links show their address: a registry link, with the live site's address after it
    config_url = _site_url()
    assert f"({config_url}wie-doet-wat/organisaties/" in text
    # "zie hoofdstuk 8" carries the page where chapter 8 starts
    toc = text[text.index("Inhoud") :]
    start = int(re.search(r"8 Werkafspraken op de locatie[ .]*(\d+)", toc).group(1))
    assert f"hoofdstuk 8 (zie pagina {start})" in body
    english = _text(PdfReader(real_site / books.pdf_path("handreiking", "en")))
    start = int(re.search(r"8 Working agreements[^.]*?[ .]*(\d+)", english[english.index("Contents") :]).group(1))
    assert f"chapter 8 (see page {start})" in english


def test_a_changed_chapter_rebuilds_its_handbook_only(real_site, tmp_path):
    """The second build renders the edited handbook again and takes every other book from the cache."""
    root = tmp_path / "project"
    root.mkdir()
    copy_content(root)
    # the session's real build rendered these very documents: start from its cache
    shutil.copytree(real_site.parent / books.CACHE_DIR, root / books.CACHE_DIR)
    project = SiteProject(root)
    site = project.build()
    cache = root / books.CACHE_DIR
    before = {(lang, section): (cache / f"{lang}-{section}.json").stat().st_mtime_ns for lang, section in BOOKS}
    pdfs = {key: (site / books.pdf_path(key[1], key[0])).read_bytes() for key in BOOKS}
    for key in BOOKS:
        assert pdfs[key] == (real_site / books.pdf_path(key[1], key[0])).read_bytes(), f"{key} was rendered again"

    chapter = root / "handreiking" / "05-voorlichting.nl.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEen zin die alleen deze test schrijft.\n", encoding="utf-8")
    project.build()

    after = {key: (cache / f"{key[0]}-{key[1]}.json").stat().st_mtime_ns for key in BOOKS}
    assert after[("nl", "handreiking")] != before[("nl", "handreiking")]
    assert after[("nl", "verhalen")] == before[("nl", "verhalen")]
    assert after[("en", "verhalen")] == before[("en", "verhalen")]
    handbook = site / books.pdf_path("handreiking", "nl")
    assert "Een zin die alleen deze test schrijft." in _text(PdfReader(handbook))
    for key in (("nl", "verhalen"), ("en", "verhalen")):
        assert (site / books.pdf_path(key[1], key[0])).read_bytes() == pdfs[key]


def test_make_serve_shows_a_saved_chapter_at_once_and_the_pdf_follows(served):
    """In `make serve` the PDF is rendered in a child process: the page does not wait for it."""
    project, base, process = served
    _wait_for(base + "handreiking/01-doel/", 'class="kw-pdf"', process)  # the first render is linked when done
    source = project.root / "handreiking" / "01-doel.nl.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Eerste versie.", "Tweede versie."), encoding="utf-8")
    _wait_for(base + "handreiking/01-doel/", "Tweede versie.", process, timeout=30)
    log_file = project.root / "serve.log"
    assert re.search(
        r"handreiking/handreiking.pdf: \d+ pages, \d+ kB, being rendered again in the background",
        log_file.read_text(encoding="utf-8"),
    )
    # the chapter is untranslated, so the English handbook shows the Dutch text too: both PDFs follow
    deadline = time.monotonic() + 120
    for path in ("handreiking/handreiking.pdf", "en/handreiking/handbook.pdf"):
        while True:
            data = _fetch_bytes(base + path)
            if data and "Tweede versie." in _text(PdfReader(io.BytesIO(data))):
                break
            assert time.monotonic() < deadline, f"{path} did not follow the saved chapter"
            time.sleep(0.5)
    log = log_file.read_text(encoding="utf-8")
    saved = log.index("being rendered again in the background")
    assert log.index("rendered in the background in", saved) > saved
    assert 'class="kw-pdf"' in _fetch(base + "handreiking/01-doel/")


def _fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, OSError):
        return None


def test_an_image_in_a_chapter_keeps_its_text_alternative_in_the_pdf(project):
    from PIL import Image

    (project.root / "docs" / "assets").mkdir(parents=True)
    Image.new("RGB", (120, 60), (26, 77, 143)).save(project.root / "docs" / "assets" / "schema.png")
    project.page("handreiking/index.nl.md", "Handreiking", "# Handreiking\n\nOver de handreiking.")
    project.page("handreiking/index.en.md", "Handbook", "# Handbook\n\nAbout the handbook.")
    project.page(
        "handreiking/01-keten.nl.md",
        "De keten",
        "# De keten\n\n![Schema van de keten in vier stappen](../assets/schema.png)",
        order=1,
    )
    site = project.build()
    reader = PdfReader(site / books.pdf_path("handreiking", "nl"))
    figures = [str(node.get("/Alt")) for node in _structure(reader) if node.get("/S") == "/Figure"]
    assert figures == ["Schema van de keten in vier stappen"]
    assert any("/XObject" in page["/Resources"] for page in reader.pages)  # the image itself is in it


def test_an_image_without_a_text_alternative_stops_the_build_with_the_page_named(project, caplog):
    from PIL import Image

    (project.root / "docs" / "assets").mkdir(parents=True)
    Image.new("RGB", (10, 10)).save(project.root / "docs" / "assets" / "leeg.png")
    project.page("handreiking/index.nl.md", "Handreiking", "# Handreiking\n\nEen plaatje:\n\n![](../assets/leeg.png)")
    with pytest.raises(Abort):
        project.build()
    assert (
        "handreiking/index.nl.md:10: the image ../assets/leeg.png has no text alternative, which the printed PDF needs; "
        "write one: ![what the image shows](file)"
    ) in caplog.text


def _site_url() -> str:
    """site_url as MkDocs reads mkdocs.yml (!ENV and its default included), in the test's environment."""
    from mkdocs.utils.yaml import yaml_load

    with open(REPO / "mkdocs.yml", encoding="utf-8") as handle:
        return str(yaml_load(handle)["site_url"])
