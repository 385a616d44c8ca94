"""Publication on its date, announced once: the daily run (publish-due, then notify --due) with a fixed clock.

A real little project, real strict builds into its site/ folder, a real SMTP server (aiosmtpd on
127.0.0.1) and the real subscriber ledger.
"""

from __future__ import annotations

import datetime as dt

from ketenwijzer.cli.main import main
from newsletter_fixture import edition, subscribe_pages
from registry_fixture import write_registry
from subscriptions_fixtures import confirmed, database, live, postgres, smtp, text_part  # noqa: F401  (fixtures)
from test_notify_integration import set_site_url

TODAY = dt.date(2026, 12, 14)
TOMORROW = TODAY + dt.timedelta(days=1)


def test_an_edition_dated_tomorrow_appears_and_is_announced_tomorrow_once(project, live, monkeypatch):
    assert project.root == live.root
    write_registry(project)
    set_site_url(project)
    subscribe_pages(project)
    edition(project, 1, "2019-06-27", "published", [("oud", "Een oud artikel")])
    edition(project, 2, "2026-12-01", "draft", [("nieuw", "Een nieuw artikel")])
    confirmed(live, "anna@example.org", "nl")
    confirmed(live, "ben@example.org", "en")
    monkeypatch.setenv("KETENWIJZER_TODAY", TODAY.isoformat())  # restored after the test, whatever --today sets

    def run(*args: str, day: dt.date):
        result = live.runner.invoke(
            main,
            [*args, "--root", str(project.root), "--today", day.isoformat()],
            env=live.env(KETENWIJZER_SITE_URL=None),
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        return result.output

    published = live.runner.invoke(
        main,
        ["edition", "publish", "2", "--date", TOMORROW.isoformat(), "--allow-untranslated", "--root", str(project.root)],
        catch_exceptions=False,
    )
    assert published.exit_code == 0, published.output
    assert f"it is not on the site before {TOMORROW.isoformat()}" in published.output

    # today: the site is built without edition 2, and nobody is mailed (edition 1 is too old for the schedule)
    output = run("publish-due", day=TODAY)
    assert "new on the site: edition 1 (dated 2019-06-27)" in output and "1 edition new on the site" in output
    assert (project.site / "vreemdelingenvisie/01/index.html").is_file()
    assert not (project.site / "vreemdelingenvisie/02").exists()
    assert "Editie 2" not in project.read("vreemdelingenvisie/index.html")  # the archive
    assert f"nothing to announce on {TODAY.isoformat()}" in run("notify", "--due", day=TODAY)
    assert live.mailbox.received == []

    # tomorrow: public in both languages, then announced to every subscriber once
    output = run("publish-due", day=TOMORROW)
    assert "new on the site: edition 2 (dated 2026-12-15)" in output and "1 edition new on the site" in output
    assert "Een nieuw artikel" in project.read("vreemdelingenvisie/02/index.html")
    assert (project.site / "en/vreemdelingenvisie/02/nieuw/index.html").is_file()
    assert "Editie 2" in project.read("vreemdelingenvisie/index.html")
    output = run("notify", "--due", day=TOMORROW)
    assert "announcing edition 2" in output and "sent 2, skipped 0 (already sent), failed 0" in output
    received = live.mailbox.wait_for(2)
    assert sorted(r.rcpt_tos[0] for r in received) == ["anna@example.org", "ben@example.org"]
    assert all("vreemdelingenvisie/02/" in text_part(r.message) for r in received)

    # the day after: the site still has it, and nobody gets it a second time
    output = run("publish-due", day=TOMORROW + dt.timedelta(days=1))
    assert "0 editions new on the site" in output and (project.site / "vreemdelingenvisie/02/index.html").is_file()
    output = run("notify", "--due", day=TOMORROW + dt.timedelta(days=1))
    assert "edition 2 (dated 2026-12-15) was announced already" in output and "nothing to announce" in output
    assert len(live.mailbox.received) == 2
    assert set(live.store.ledger(2).values()) == {"sent"} and live.store.ledger(1) == {}


def test_notify_needs_an_edition_or_due(project, live):
    result = live.runner.invoke(main, ["notify", "--root", str(project.root)], env=live.env())
    assert result.exit_code == 2 and "give an EDITION number or --due (not both)" in result.output
    both = live.runner.invoke(main, ["notify", "3", "--due", "--root", str(project.root)], env=live.env())
    assert both.exit_code == 2
