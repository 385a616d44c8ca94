"""The whole subscription flow in headless Chromium, with nothing stood in for.

A real little site (built with the project's own mkdocs.yml, its subscribe form posting
to the service) served on 127.0.0.1, the service under uvicorn, a real SMTP server
(aiosmtpd), and ``ketenwijzer notify`` through the command line: sign up on the site,
confirm from the mail, receive the edition, unsubscribe with one click (RFC 8058), and
get nothing of the next edition.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from click.testing import CliRunner

from ketenwijzer.cli.main import main
from ketenwijzer.subscriptions.messages import t
from ketenwijzer.subscriptions.settings import Settings
from ketenwijzer.subscriptions.store import Store
from newsletter_fixture import edition
from registry_fixture import write_registry
from site_server import serve
from subscriptions_fixtures import SECRET, Mailbox, confirm_link, html_part, serve_app, smtp, text_part  # noqa: F401

NEWSLETTER = "VreemdelingenVisie"
AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def violations(page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[', '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]


def configure(project, *, site_url: str, endpoint: str) -> None:
    """The project's mkdocs.yml (a copy of the repository's), pointed at this site and this service."""
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, sites = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", text)
    text, endpoints = re.subn(r"(?m)^(\s+endpoint:).*$", rf"\g<1> {endpoint}", text)
    assert (sites, endpoints) == (1, 1), "mkdocs.yml has no site_url or no extra.subscriptions.endpoint"
    config.write_text(text, encoding="utf-8")


@dataclass
class Stack:
    project: object
    site_url: str  # the built site, served on loopback
    service_url: str
    env: dict[str, str | None]
    settings: Settings
    store: Store
    mailbox: Mailbox

    def cli(self, *args: str):
        result = CliRunner().invoke(main, [*args, "--root", str(self.project.root)], env=self.env)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    def home(self, lang: str) -> str:
        return self.site_url if lang == "nl" else f"{self.site_url}{lang}/"


@pytest.fixture
def stack(project, smtp, tmp_path):
    mailbox, smtp_port = smtp
    write_registry(project)
    project.page(
        "docs/aanmelden.nl.md",
        f"Aanmelden voor {NEWSLETTER}",
        "# Aanmelden\n\nKrijg een bericht bij elke nieuwe editie.\n\n<!-- ketenwijzer:subscribe-form -->",
    )
    project.page(
        "docs/aanmelden.en.md",
        f"Subscribe to {NEWSLETTER}",
        "# Subscribe\n\nGet a message with every new edition.\n\n<!-- ketenwijzer:subscribe-form -->",
    )
    edition(project, 1, "2019-06-27", "published", [("lvv-pilot", "De LVV-pilot"), ("hostmanship", "Hostmanship")])
    edition(project, 2, "2020-03-01", "draft", [("tweede", "Het tweede nummer")])
    project.site.mkdir()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    service_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        with serve(project.site) as site_url:
            configure(project, site_url=site_url, endpoint=service_url)
            env = {
                "KETENWIJZER_DB": str(tmp_path / "var" / "subscribers.sqlite3"),
                "KETENWIJZER_SECRET": SECRET,
                "KETENWIJZER_PUBLIC_URL": service_url,
                "KETENWIJZER_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
                "KETENWIJZER_OUTBOX": str(tmp_path / "outbox"),
                "KETENWIJZER_RATE": "0",
                "KETENWIJZER_FROM": None,
                "KETENWIJZER_SITE_URL": None,  # from mkdocs.yml, as in production
                "KETENWIJZER_MAIL_TEMPLATES": None,
            }
            # the service reads its settings as `ketenwijzer subscriptions serve` does, from the project folder
            settings = Settings.from_env({k: v for k, v in env.items() if v is not None}, root=project.root)
            assert settings.site_url == site_url
            with serve_app(settings, sock):
                project.build()
                yield Stack(project, site_url, service_url, env, settings, Store(settings.db_path), mailbox)
    finally:
        sock.close()


def sign_up_on_the_site(stack: Stack, page, *, site_lang: str, email: str, choice: str) -> None:
    """Fill in the site's own form (plain HTML, no JavaScript needed) and land on the service's answer."""
    response = page.goto(stack.home(site_lang) + "aanmelden/")
    assert response.status == 200 and page.locator("html").get_attribute("lang") == site_lang
    form = page.locator("form.kw-subscribe")
    assert form.get_attribute("action") == stack.service_url + "/subscribe"
    form.locator("#kw-email").fill(email)
    form.locator(f"input[name=lang][value={choice}]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url == stack.service_url + "/subscribe"


def assert_service_page(stack: Stack, page, lang: str, title_key: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == t(title_key, lang, newsletter=NEWSLETTER)
    back = page.get_by_role("link", name=t("back", lang))
    assert back.get_attribute("href") == stack.home(lang)
    assert violations(page) == []


def mail_to(stack: Stack, address: str, count: int):
    """Wait until ``address`` has exactly ``count`` messages; return the last."""
    deadline = time.monotonic() + 5
    while len(stack.mailbox.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    found = stack.mailbox.to(address)
    assert len(found) == count, f"{address}: expected {count} message(s), got {[r.message['Subject'] for r in found]}"
    return found[-1].message


def test_sign_up_confirm_receive_and_unsubscribe_in_the_browser(stack, page):
    # -- sign up on the Dutch and on the English subscribe page -----------------------------------
    readers = [
        ("anna@example.org", "nl", "nl"),
        ("ben@example.org", "en", "en"),
        ("carla@example.org", "nl", "en"),
    ]  # Carla picks English on the Dutch page, and never confirms
    for email, site_lang, choice in readers:
        sign_up_on_the_site(stack, page, site_lang=site_lang, email=email, choice=choice)
        assert_service_page(stack, page, choice, "signup.title")  # in the reader's language, not the page's
        mail = mail_to(stack, email, 1)
        assert mail["Subject"] == t("mail.confirm.subject", choice, newsletter=NEWSLETTER)
        assert mail["Content-Language"] == choice
        assert stack.store.find(email).status == "pending"
        if email == "carla@example.org":
            continue

        # -- confirm: the link opens a page with a button (GET never confirms) ------------------------
        link = confirm_link(mail)
        assert link.startswith(stack.service_url + "/confirm?token=")
        assert page.goto(link).status == 200
        assert_service_page(stack, page, choice, "confirm.title")
        assert stack.store.find(email).status == "pending"
        with page.expect_navigation():
            page.get_by_role("button", name=t("confirm.button", choice)).click()
        assert_service_page(stack, page, choice, "confirmed.title")
        assert stack.store.find(email).status == "confirmed"
        # and back to the site, in the reader's language
        with page.expect_navigation():
            page.get_by_role("link", name=t("back", choice)).click()
        assert page.url == stack.home(choice) and page.locator("html").get_attribute("lang") == choice

    # -- the edition goes out -------------------------------------------------------------------
    result = stack.cli("notify", "1")
    assert result.exit_code == 0, result.output
    assert "sent 2, skipped 0 (already sent), failed 0" in result.output
    unsubscribe = {}
    for email, lang, title in (("anna@example.org", "nl", "Editie 1"), ("ben@example.org", "en", "Edition 1")):
        mail = mail_to(stack, email, 2)
        assert mail["Subject"].strip() == t("mail.announcement.subject", lang, newsletter=NEWSLETTER, number=1, title=title)
        assert mail.get_content_type() == "multipart/alternative"
        assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
        match = re.fullmatch(
            rf"<({re.escape(stack.service_url)}/unsubscribe\?token=[\w.-]+&lang={lang})>, "
            r"<mailto:unsubscribe@[\w.-]+\?subject=unsubscribe>",
            mail["List-Unsubscribe"],
        )
        assert match, mail["List-Unsubscribe"]
        assert urlsplit(match[1]).scheme in ("http", "https")
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe[email] = match[1]

        text, html = text_part(mail), html_part(mail)
        edition_url = stack.home(lang) + "vreemdelingenvisie/01/"
        articles = [edition_url + "lvv-pilot/", edition_url + "hostmanship/"]
        for url in (edition_url, *articles):
            assert url in text and f'href="{url}"' in html
        # the links lead to the real pages of the site, in the reader's language
        expected = ["De LVV-pilot", "Hostmanship"] if lang == "nl" else ["De LVV-pilot (EN)", "Hostmanship (EN)"]
        for url, heading in zip(articles, expected):
            assert page.goto(url).status == 200
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("article h1").inner_text() == heading
    assert len(stack.mailbox.to("carla@example.org")) == 1  # unconfirmed: only the confirmation mail

    # the unsubscribe page of the mail's link (a button; the one-click POST below is what mail programs do)
    assert page.goto(unsubscribe["ben@example.org"]).status == 200
    assert_service_page(stack, page, "en", "unsubscribe.title")
    assert stack.store.find("ben@example.org").status == "confirmed"

    # -- RFC 8058 one-click unsubscribe for Anna -------------------------------------------------------
    answer = httpx.post(unsubscribe["anna@example.org"], data={"List-Unsubscribe": "One-Click"}, timeout=5)
    assert answer.status_code == 200 and t("unsubscribed.title", "nl") in answer.text
    assert stack.store.find("anna@example.org") is None
    assert stack.store.is_suppressed("anna@example.org")

    # -- the next edition is published and sent: Anna gets nothing ------------------------------------
    refused = stack.cli("notify", "2")
    assert refused.exit_code == 1 and "edition 2 is a draft" in refused.output
    published = stack.cli(
        "edition", "publish", "2", "--date", (dt.date.today() - dt.timedelta(days=1)).isoformat(), "--allow-untranslated"
    )  # the fixture's English pages were never marked current
    assert published.exit_code == 0, published.output
    stack.project.build()
    result = stack.cli("notify", "2")
    assert result.exit_code == 0, result.output
    assert "sent 1, skipped 0 (already sent), failed 0" in result.output
    mail = mail_to(stack, "ben@example.org", 3)
    second = stack.home("en") + "vreemdelingenvisie/02/tweede/"
    assert second in text_part(mail)
    assert page.goto(second).status == 200
    assert page.locator("article h1").inner_text() == "Het tweede nummer (EN)"
    assert len(stack.mailbox.to("anna@example.org")) == 2  # confirmation and edition 1, nothing more
    assert len(stack.mailbox.to("carla@example.org")) == 1
    assert len(stack.mailbox.received) == 3 + 2 + 1
