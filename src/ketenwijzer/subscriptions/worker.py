"""The mail worker: sends the confirmation mails queued in the outbox table, outside the request path.

A sign-up only writes a row into ``mail_outbox`` (in its own transaction); this
worker, a thread of every service process, takes due rows one at a time (a lease, so
several processes can share the queue), builds the mail and hands it to SMTP with a
short timeout (``KETENWIJZER_SMTP_TIMEOUT``). A hanging or unreachable server only
delays the mails: web requests and the health check never wait for it. A failed mail
is tried again later, backing off from a minute to an hour, ``mail_attempts`` times
in all; then it is dropped and the next sign-up of the address may try again at once.
"""

from __future__ import annotations

import logging
import threading

from ketenwijzer.subscriptions import tokens
from ketenwijzer.subscriptions.mailer import Mailer, open_transport
from ketenwijzer.subscriptions.settings import Settings
from ketenwijzer.subscriptions.store import QueuedMail, Store

log = logging.getLogger("ketenwijzer.subscriptions.worker")

FIRST_RETRY = 60.0
LAST_RETRY = 3600.0


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones: 1, 2, 4, ... minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


class MailWorker:
    def __init__(self, settings: Settings, store: Store, mailer: Mailer | None = None):
        self.settings = settings
        self.store = store
        self.mailer = mailer or Mailer(settings)
        self.secret = settings.require_secret()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # the lease outlasts one whole SMTP conversation (connect, greeting, MAIL, RCPT, DATA, end)
    @property
    def lease(self) -> float:
        return self.settings.smtp_timeout * 8 + 30

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ketenwijzer-mail-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A mail was queued by this process: look now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self.settings.smtp_timeout * 8 + 5 if timeout is None else timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.drain()
            except Exception:  # the database was away, say: try again at the next poll
                log.exception("mail worker: the outbox could not be read")
                busy = False
            if not busy:
                self._wake.wait(self.settings.outbox_poll)
                self._wake.clear()

    def drain(self, limit: int = 50) -> bool:
        """Send up to ``limit`` due mails; True when there may be more."""
        transport = None
        try:
            for _ in range(limit):
                if self._stop.is_set():
                    return False
                mail = self.store.next_mail(now=self.settings.clock(), lease=self.lease)
                if mail is None:
                    return False
                if transport is None:
                    transport = open_transport(self.settings)
                if not self._send(mail, transport):
                    return False  # the server is away: the other mails wait for the next poll
            return True
        finally:
            if transport is not None:
                transport.close()

    def _send(self, mail: QueuedMail, transport) -> bool:
        """False when the SMTP server could not be reached or broke off."""
        subscriber = mail.subscriber
        if subscriber is None or subscriber.status != "pending":  # gone or confirmed meanwhile
            self.store.mail_done(mail.id)
            return True
        now = self.settings.clock()
        token = tokens.make(self.secret, "confirm", subscriber.id, now=now, ttl=self.settings.confirm_ttl)
        url = self.settings.service_url(f"/confirm?token={token}&lang={subscriber.lang}")
        try:
            message = self.mailer.confirmation(to=subscriber.email, lang=subscriber.lang, confirm_url=url, now=now)
            transport.send(message)
        except Exception as exc:  # DeliveryError, or an OSError of the outbox folder
            give_up = mail.attempts >= self.settings.mail_attempts or getattr(exc, "permanent", False)
            retry_at = None if give_up else self.settings.clock() + retry_delay(mail.attempts)
            self.store.mail_failed(mail, str(exc), retry_at=retry_at)
            log.warning(
                "confirmation mail for subscriber %s not sent (attempt %s, %s): %s",
                subscriber.id,
                mail.attempts,
                "giving up" if give_up else "will try again",
                exc,
            )
            return not getattr(exc, "connection", True)
        self.store.mail_done(mail.id)
        log.info("confirmation mail sent to subscriber %s", subscriber.id)
        return True
