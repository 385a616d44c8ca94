"""Drive the header's search dialog in a real browser page, as a reader does; shared by the
browser tests and benchmarks/search_quality.py."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

ROOT = "[data-kw-search]"


@dataclass(frozen=True)
class Result:
    path: str  # the result's path on the site, e.g. "/en/wie-doet-wat/organisaties/dtv/"
    title: str


def open_dialog(page, key: str = "/") -> None:
    page.locator("body").click(position={"x": 5, "y": 300})  # the page, not a control, has the keyboard
    page.keyboard.press(key)
    page.locator(".kw-search__dialog[open]").wait_for()
    page.locator(".kw-search__input").wait_for()


def search(page, query: str, typed: bool = True, timeout: float = 15_000, every: bool = False) -> list[Result]:
    """Type ``query`` into the open dialog (key by key, or filled at once) and return the results shown
    (``every``: after asking for more until all are shown)."""
    box = page.locator(".kw-search__input")
    box.fill("")
    if typed:
        box.press_sequentially(query, delay=20)
    else:
        box.fill(query)
    page.wait_for_function(
        """([selector, query]) => { const root = document.querySelector(selector);
             return ["done", "failed"].includes(root.getAttribute("data-state")) && root.getAttribute("data-query") === query; }""",
        arg=[ROOT, query],
        timeout=timeout,
    )
    links = page.locator(".kw-search__link")
    while every and page.locator(".kw-search__more button").count():
        shown = links.count()
        page.locator(".kw-search__more button").click()
        page.wait_for_function("n => document.querySelectorAll('.kw-search__link').length > n", arg=shown, timeout=timeout)
    found = links.evaluate_all("links => links.map(a => [a.href, a.querySelector('.kw-search__result-title').textContent])")
    return [Result(urlsplit(href).path, title) for href, title in found]


def page_languages(page, paths: list[str]) -> dict[str, str]:
    """The <html lang> of each result page, fetched by the browser."""
    return page.evaluate(
        """async (paths) => {
        const out = {};
        for (const path of paths) {
          const text = await (await fetch(path)).text();
          out[path] = new DOMParser().parseFromString(text, "text/html").documentElement.lang;
        }
        return out; }""",
        paths,
    )
