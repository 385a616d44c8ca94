"""Build the mails (text + HTML from the packaged templates, see settings.PACKAGED_TEMPLATES) and hand them over.

Two ways to hand a mail over, both with ``send(message)`` and ``close()``:

* SmtpTransport, for ``KETENWIJZER_SMTP_URL=smtp://user:password@host:587``: one
  connection reused for many mails, STARTTLS whenever the server offers it
  (``smtps://`` for TLS from the start), login when a user is given (never over
  an unencrypted connection, except to this machine itself).
* OutboxTransport, when no SMTP URL is set: every mail becomes an ``.eml`` file
  in the outbox folder, to look at or to send by hand.

Mails are serialised with ``email.policy.SMTP``: 7-bit, CRLF, headers with
diacritics RFC 2047-encoded and bodies quoted-printable UTF-8. List-Unsubscribe
is written as is, since its URL must never be RFC 2047-encoded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import smtplib
import ssl
import tempfile
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from ketenwijzer.subscriptions.announcement import LocalAnnouncement
from ketenwijzer.subscriptions.messages import t
from ketenwijzer.subscriptions.settings import PACKAGED_TEMPLATES, Settings

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class DeliveryError(Exception):
    """A mail was not handed over, or maybe it was.

    * ``maybe_delivered``: the connection broke (or timed out) after the whole message was
      transmitted but before the server said it took it: it may have arrived.
    * ``permanent``: the server refused this address or message with a 5xx code; trying
      again will not help.
    * ``connection``: the server could not be reached or the connection broke before the
      message was handed over (or it refused the sender): trouble with the server, not
      with this address. Otherwise it is a temporary refusal (4xx) of this address.
    """

    def __init__(
        self,
        message: str,
        *,
        maybe_delivered: bool = False,
        permanent: bool = False,
        connection: bool = False,
        code: int | None = None,
    ):
        super().__init__(message)
        self.maybe_delivered = maybe_delivered
        self.permanent = permanent
        self.connection = connection or maybe_delivered
        self.code = code


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _packaged_template(name: str) -> tuple[str, None, Callable[[], bool]] | None:
    """A template of the package's own (they do not change while the service runs)."""
    resource = PACKAGED_TEMPLATES.joinpath(*jinja2.loaders.split_template_path(name))
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), None, lambda: True


def template_loader(settings: Settings) -> jinja2.BaseLoader:
    """The packaged templates, each replaced by a file of the same name in ``settings.templates`` when there is one."""
    packaged = jinja2.FunctionLoader(_packaged_template)
    if settings.templates is None:
        return packaged
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(settings.templates)), packaged])


class Mailer:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.env = jinja2.Environment(
            loader=template_loader(settings),
            autoescape=jinja2.select_autoescape(["html"], default_for_string=False, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["paragraphs"] = _paragraphs

    def _render(self, name: str, **values) -> tuple[str, str]:
        text = self.env.get_template(f"{name}.txt").render(**values)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
        return text, self.env.get_template(f"{name}.html").render(**values)

    def _message(
        self, *, to: str, lang: str, subject: str, text: str, html: str, now: float, message_id: str | None = None
    ) -> EmailMessage:
        message = EmailMessage(policy=policy.default)
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = _one_line(subject)
        message["Date"] = formatdate(now, usegmt=True)
        message["Message-ID"] = message_id or make_msgid(domain=self.settings.sender_domain)
        message.set_content(text, cte="quoted-printable")
        message.add_alternative(html, subtype="html", cte="quoted-printable")
        # after the content: set_content() and add_alternative() drop or move Content-* headers set before them
        message["Content-Language"] = lang
        return message

    def confirmation(self, *, to: str, lang: str, confirm_url: str, now: float) -> EmailMessage:
        newsletter = self.settings.newsletter
        subject = t("mail.confirm.subject", lang, newsletter=newsletter)
        text, html = self._render(
            "confirm",
            lang=lang,
            newsletter=newsletter,
            subject=subject,
            confirm_url=confirm_url,
            site_url=self.settings.site_home(lang),
            valid_days=max(1, round(self.settings.confirm_ttl / 86400)),
        )
        return self._message(to=to, lang=lang, subject=subject, text=text, html=html, now=now)

    def announcement_message_id(self, edition: int, subscriber_id: int) -> str:
        """The same Message-ID every time this edition goes to this subscriber, so that a
        rare duplicate after a crash can be recognised as one by the receiving side."""
        secret = (self.settings.secret or "").encode("utf-8")
        digest = hmac.new(secret, f"{edition}/{subscriber_id}".encode("ascii"), hashlib.sha256).hexdigest()[:20]
        return f"<edition-{edition}.{digest}@{self.settings.sender_domain}>"

    def announcement(
        self, *, to: str, lang: str, number: int, local: LocalAnnouncement, unsubscribe_url: str, message_id: str, now: float
    ) -> EmailMessage:
        newsletter = self.settings.newsletter
        base = self.settings.site_home("nl")
        subject = t("mail.announcement.subject", lang, newsletter=newsletter, number=number, title=_one_line(local.title))
        values = dict(
            lang=lang,
            newsletter=newsletter,
            subject=subject,
            number=number,
            title=_one_line(local.title),
            introduction=local.introduction.strip(),
            url=urljoin(base, local.url),
            articles=[(_one_line(title), urljoin(base, url)) for title, url in local.articles],
            unsubscribe_url=unsubscribe_url,
            site_url=self.settings.site_home(lang),
        )
        text, html = self._render("announcement", **values)
        message = self._message(to=to, lang=lang, subject=subject, text=text, html=html, now=now, message_id=message_id)
        # raw and folded by hand: the generic folder would RFC 2047-encode the long URL, which no one decodes here
        message.set_raw(
            "List-Unsubscribe", f"<{unsubscribe_url}>,\r\n <mailto:{self.settings.unsubscribe_address}?subject=unsubscribe>"
        )
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["List-Id"] = f"{newsletter} <nieuwsbrief.{self.settings.sender_domain}>"
        return message


# headers set with set_raw are written as they are (they are ASCII and folded already)
WIRE = policy.SMTP.clone(refold_source="none")


def as_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=WIRE)


class OutboxTransport:
    """Writes every mail as an .eml file into a folder instead of sending it."""

    description = "outbox"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def send(self, message: EmailMessage, name: str | None = None) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        if name is None:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{hashlib.sha256(str(message['Message-ID']).encode()).hexdigest()[:12]}.eml"
        target = self.folder / name
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(as_bytes(message))
        os.replace(temporary, target)
        return target

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SmtpTransport:
    """One SMTP connection, reused, re-opened when it broke."""

    def __init__(self, url: str, *, timeout: float = 30):
        parts = urlsplit(url)
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname or ""
        self.port = parts.port or (465 if self.tls else 587)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = timeout
        self.description = f"{parts.scheme}://{self.host}:{self.port}"
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        try:
            if self.tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"cannot connect to {self.description}: {_text(exc)}", connection=True) from exc
        try:
            smtp.ehlo()
            encrypted = self.tls
            if not encrypted and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
                encrypted = True
            if self.user:
                if not encrypted and self.host not in LOOPBACK:
                    raise DeliveryError(
                        f"{self.description} offers no STARTTLS: refusing to send the password "
                        "unencrypted (use smtps:// or a server with STARTTLS)",
                        connection=True,
                    )
                smtp.login(self.user, self.password)
        except DeliveryError:
            smtp.close()
            raise
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise DeliveryError(f"{self.description}: {_text(exc)}", connection=True) from exc
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Hand one mail over; DeliveryError says why not (and whether it might have arrived anyway)."""
        sender = str(message.get("Return-Path") or "").strip("<>") or parseaddr(str(message["From"]))[1]
        recipient = parseaddr(str(message["To"]))[1]
        del message["Return-Path"]  # the envelope sender; the receiving server writes the header
        data = as_bytes(message)
        for attempt in (1, 2):
            if self._smtp is None:
                self._smtp = self._connect()
            smtp = self._smtp
            try:
                code, reply = smtp.mail(sender)
                if code == 250:
                    code, reply = smtp.rcpt(recipient)
                    if code not in (250, 251):
                        self._refused(code, reply, f"{recipient} refused")
                    code, reply = smtp.docmd("DATA")
                    if code != 354:
                        self._refused(code, reply, "message refused")
                else:
                    self._reset(code)
                    raise DeliveryError(f"sender refused: {code} {_text(reply)}", connection=True, code=code)
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # nothing of this message was handed over yet: safe to try once more on a new connection
                self.close()
                if attempt == 2:
                    raise DeliveryError(f"connection to {self.description} lost: {_text(exc)}", connection=True) from exc
                continue
            try:
                smtp.send(_dot_stuffed(data))
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # the final "." never left: the server throws the incomplete message away
                self.close()
                raise DeliveryError(
                    f"connection to {self.description} lost while sending the message: {_text(exc)}", connection=True
                ) from exc
            try:
                code, reply = smtp.getreply()
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                self.close()
                raise DeliveryError(
                    f"connection to {self.description} lost after the message was handed over, "
                    f"before the server answered: {_text(exc)}",
                    maybe_delivered=True,
                ) from exc
            if code != 250:
                self._refused(code, reply, "message refused")
            return

    def _refused(self, code: int, reply: bytes, what: str) -> None:
        self._reset(code)
        raise DeliveryError(
            f"{what}: {code} {_text(reply)}", permanent=500 <= code < 600, connection=code == 421 or code < 400, code=code
        )

    def _reset(self, code: int) -> None:
        if code == 421 or self._smtp is None:
            self.close()
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            smtp.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _text(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value) or type(value).__name__


def _dot_stuffed(data: bytes) -> bytes:
    """The message as sent after DATA: lines starting with a dot get another, then CRLF.CRLF."""
    body = re.sub(rb"(?m)^\.", b"..", data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def open_transport(settings: Settings) -> SmtpTransport | OutboxTransport:
    if settings.smtp_url:
        return SmtpTransport(settings.smtp_url, timeout=settings.smtp_timeout)
    return OutboxTransport(settings.outbox)
