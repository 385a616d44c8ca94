"""Command line: ``ketenwijzer subscriptions serve|export|delete`` and ``ketenwijzer notify``.

Register in the main CLI with::

    from ketenwijzer.subscriptions.subscriptions.cli import make_notify_command, subscriptions
    main.add_command(subscriptions)
    main.add_command(make_notify_command(load_announcement))
"""

from __future__ import annotations

import json
import secrets
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable, NoReturn

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.subscriptions.announcement import Announcement, AnnouncementError
from ketenwijzer.subscriptions.mailer import open_transport
from ketenwijzer.subscriptions.notify import (
    MAX_FAILURES_IN_A_ROW,
    NotifyError,
    check_sendable,
    plan,
    run_lock,
    send,
    write_previews,
)
from ketenwijzer.subscriptions.settings import Settings, SettingsError
from ketenwijzer.subscriptions.store import Store, StoreError, safe_url
from ketenwijzer.subscriptions.validation import InvalidInput, normalise_email


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _settings(root: str) -> Settings:
    try:
        return Settings.from_env(root=Path(root))
    except SettingsError as exc:
        _fail(str(exc))


def _existing_store(settings: Settings) -> Store:
    """The store of an existing database (a missing SQLite file is an error, not a new database)."""
    if settings.db_path is not None and not settings.db_path.is_file():
        _fail(f"no subscriber database at {settings.db_path} (set KETENWIJZER_DB, or run from the project folder)")
    try:
        return Store(settings.db, suppression_key=settings.suppression_key)
    except StoreError as exc:
        _fail(str(exc))


def _address(email: str) -> str:
    try:
        return normalise_email(email)
    except InvalidInput:
        _fail(f"not a valid e-mail address: {email!r}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def subscriptions() -> None:
    """The e-mail subscription service for new editions, and the subscribers' data.

    Settings come from the environment: KETENWIJZER_DB (sqlite:///path or
    postgresql://...), KETENWIJZER_SECRET, KETENWIJZER_SECRET_PREVIOUS,
    KETENWIJZER_SUPPRESSION_KEY, KETENWIJZER_PUBLIC_URL, KETENWIJZER_SMTP_URL,
    KETENWIJZER_SMTP_TIMEOUT, KETENWIJZER_FROM, KETENWIJZER_SITE_URL,
    KETENWIJZER_OUTBOX, KETENWIJZER_RATE, KETENWIJZER_HARD_BOUNCES,
    KETENWIJZER_TRUSTED_PROXIES.

    \b
    Example:
      KETENWIJZER_SECRET=... ketenwijzer subscriptions serve --port 8001
      ketenwijzer subscriptions export lezer@example.org
    """


@subscriptions.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--dev",
    is_flag=True,
    help="Without KETENWIJZER_SECRET, use a random secret for this process (links in mails stop working "
    "when it stops). For trying things out only.",
)
@root_option
def serve(host: str, port: int, dev: bool, root: str) -> None:
    """Run the subscription service (sign up, confirm, unsubscribe).

    Refuses to start without KETENWIJZER_SECRET unless --dev is given. Without
    KETENWIJZER_SMTP_URL mails are written as .eml files into the outbox.

    \b
    Example:
      KETENWIJZER_SECRET=$(python -c 'import secrets; print(secrets.token_hex(32))') \\
        ketenwijzer subscriptions serve --host 127.0.0.1 --port 8001
      ketenwijzer subscriptions serve --dev
    """
    import uvicorn

    from ketenwijzer.subscriptions.service import create_app

    settings = _settings(root)
    if not settings.secret:
        if not dev:
            _fail(
                "refusing to start: KETENWIJZER_SECRET is not set. Set it to a long random value, e.g. the "
                "output of: python -c 'import secrets; print(secrets.token_hex(32))' (or use --dev to try things out)"
            )
        settings = replace(settings, secret=secrets.token_hex(32))
        click.echo(
            "development mode: using a random secret for this process only; links in mails sent now stop working when it stops",
            err=True,
        )
    target = open_transport(settings)
    click.echo(
        f"subscriptions: database {safe_url(settings.db)}; mails via {target.description}"
        f"{'' if settings.smtp_url else f' ({settings.outbox}/)'}; public address {settings.public_url}",
        err=True,
    )
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="info", server_header=False, proxy_headers=False
    )  # X-Forwarded-For is the service's business (KETENWIJZER_TRUSTED_PROXIES)


@subscriptions.command()
@click.argument("email")
@root_option
def export(email: str, root: str) -> None:
    """Print everything stored about EMAIL as JSON (for an AVG/GDPR request).

    Exits with 1 when nothing is stored about the address.

    \b
    Example:
      ketenwijzer subscriptions export lezer@example.org > lezer.json
    """
    settings = _settings(root)
    address = _address(email)
    with _existing_store(settings) as store:
        data = store.export(address)
    if data is None:
        _fail(f"nothing stored about {address}")
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@subscriptions.command()
@click.argument("email")
@root_option
def delete(email: str, root: str) -> None:
    """Erase EMAIL: subscription, send records and suppression record.

    After this the address can receive mail again only after a new sign-up with
    confirmation. Exits with 1 when nothing is stored about the address.

    \b
    Example:
      ketenwijzer subscriptions delete lezer@example.org
    """
    settings = _settings(root)
    address = _address(email)
    with _existing_store(settings) as store:
        if not store.delete(address):
            _fail(f"nothing stored about {address}")
        for secret in (settings.secret, *settings.secret_previous):
            if secret:
                store.forget_rate_records(Store.rate_key(secret, address))
    click.echo(f"deleted everything stored about {address}")


@subscriptions.command()
@click.argument("mailbox", type=click.Path(exists=True))
@root_option
def bounces(mailbox: str, root: str) -> None:
    """Read the bounces in MAILBOX (a Maildir folder or an mbox file) and count hard bounces.

    Every delivery status notification reporting a permanent failure (5.x.x)
    counts once for the subscriber named by its VERP address (see
    KETENWIJZER_BOUNCE_ADDRESS) or, without one, by the failed address; at
    KETENWIJZER_HARD_BOUNCES the address is suppressed. Reading the same
    mailbox again counts nothing twice. A message sent to the unsubscribe
    address of the mails' List-Unsubscribe header unsubscribes its sender.

    \b
    Example:
      ketenwijzer subscriptions bounces /var/mail/bounces/Maildir
    """
    import time

    from ketenwijzer.subscriptions.bounces import process

    settings = _settings(root)
    secrets_ = (settings.require_secret(), *settings.secret_previous) if settings.secret else ()
    if not secrets_:
        _fail("KETENWIJZER_SECRET is not set: it is needed to check the VERP addresses of the bounces")
    with _existing_store(settings) as store:
        try:
            summary = process(
                Path(mailbox),
                store,
                secrets=secrets_,
                hard_bounce_limit=settings.hard_bounce_limit,
                now=time.time(),
                unsubscribe_address=settings.unsubscribe_address,
            )
        except (OSError, ValueError) as exc:  # mailbox.Error is an Exception; a broken file is an OSError
            _fail(f"can not read {mailbox}: {exc}")
    click.echo(summary.line())


def make_notify_command(load_announcement: Callable[[Path, int], Announcement]) -> click.Command:
    """The ``notify`` command; ``load_announcement(root, number)`` raises LookupError for an unknown edition
    and AnnouncementError when the edition can not be announced as the content stands."""

    @click.command("notify")
    @click.argument("edition", type=int)
    @click.option(
        "--dry-run",
        is_flag=True,
        help="Only list the recipients per language and write a preview .eml per language into the outbox.",
    )
    @click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Send at most N messages in this run.")
    @click.option(
        "--rate",
        type=click.FloatRange(min=0),
        metavar="R",
        help="Messages per second (default: KETENWIJZER_RATE or 5; 0 means no limit).",
    )
    @click.option(
        "--resend-uncertain",
        is_flag=True,
        help="Also send to subscribers marked uncertain (the connection broke after the message was "
        "handed over, so they may have it already).",
    )
    @root_option
    def notify(edition: int, dry_run: bool, limit: int | None, rate: float | None, resend_uncertain: bool, root: str) -> None:
        """Mail a published EDITION to every confirmed subscriber, in their own language.

        Every subscriber gets the edition once: a rerun sends only what was not
        sent yet, so after a failure or interruption simply run it again. An
        address the server refuses permanently (5xx) is not retried; one whose
        connection broke after the message was handed over is marked uncertain
        and sent again only with --resend-uncertain.

        \b
        Example:
          ketenwijzer notify 12 --dry-run
          ketenwijzer notify 12 --rate 5
        """
        settings = _settings(root)
        try:
            announcement = load_announcement(Path(root), edition)
        except LookupError as exc:
            reason = exc.args[0] if exc.args else "not found"
            _fail(f"unknown edition {edition}: {reason}")
        except AnnouncementError as exc:
            _fail(f"not sent: {exc}")
        try:
            check_sendable(announcement)
        except NotifyError as exc:
            _fail(f"not sent: {exc}")
        with _existing_store(settings) as store:
            if dry_run:
                _dry_run(settings, store, announcement, limit)
                return
            _notify(settings, store, announcement, limit, rate, resend_uncertain)

    return notify


def _notify(
    settings: Settings, store: Store, announcement: Announcement, limit: int | None, rate: float | None, resend_uncertain: bool
) -> None:
    edition = announcement.number
    try:
        settings.require_secret()
        with run_lock(store), open_transport(settings) as transport:
            store.abandon_sending(edition)  # holding the lock: rows still 'sending' are from a run that stopped
            todo = plan(store, edition, limit=limit, resend_uncertain=resend_uncertain)
            click.echo(
                f"edition {edition}: {len(todo.todo)} to send, {len(todo.skipped)} already sent; via {transport.description}"
            )
            with click.progressbar(todo.todo, label=f"sending edition {edition}", show_pos=True) as bar:
                summary = send(settings, store, announcement, bar, rate=rate, transport=transport)
    except (SettingsError, NotifyError) as exc:
        _fail(f"not sent: {exc}")
    summary.skipped += len(todo.skipped)
    summary.earlier_refused = len(todo.refused)
    summary.earlier_uncertain = len(todo.uncertain)
    for address, reason in summary.failures:
        click.echo(f"failed: {address}: {reason}", err=True)
    for address, reason in summary.uncertain_addresses:
        click.echo(f"uncertain: {address}: {reason}", err=True)
    if summary.not_attempted:
        click.echo(
            f"stopped after {MAX_FAILURES_IN_A_ROW} server failures in a row; {summary.not_attempted} not attempted", err=True
        )
    if summary.interrupted:
        click.echo("interrupted", err=True)
    click.echo(summary.line())
    advice = summary.advice()
    if not summary.ok:
        _fail(advice)
    if advice:
        click.echo(advice)


def _dry_run(settings: Settings, store: Store, announcement: Announcement, limit: int | None) -> None:
    todo = plan(store, announcement.number, limit=limit)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for subscriber in todo.todo:
        by_lang[subscriber.lang].append(subscriber.email)
    click.echo(
        f"dry run: edition {announcement.number} would go to {len(todo.todo)} subscriber(s); "
        f"{len(todo.skipped)} already sent"
        + (f"; {len(todo.refused)} refused permanently earlier (not retried)" if todo.refused else "")
        + (f"; {len(todo.uncertain)} uncertain (not resent without --resend-uncertain)" if todo.uncertain else "")
    )
    for lang in sorted(by_lang, key=lambda lang: (lang != "nl", lang)):
        text_lang, _ = announcement.for_lang(lang)
        note = "" if text_lang == lang else f" (no {lang} text: they get the {text_lang} text)"
        click.echo(f"{lang}: {len(by_lang[lang])}{note}")
        for address in by_lang[lang]:
            click.echo(f"  {address}")
    for path in write_previews(settings, announcement):
        click.echo(f"preview: {path}")
    click.echo("nothing was sent")
