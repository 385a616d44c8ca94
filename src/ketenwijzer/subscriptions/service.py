"""The subscription web service: sign up, confirm, unsubscribe.

| route | what |
| --- | --- |
| GET / and GET /subscribe | a sign-up form (the site has its own; this one is for testing and as fallback) |
| POST /subscribe | fields email, lang, website (honeypot, must stay empty); always the same answer |
| GET /confirm?token= | a page with a button; GET never confirms (mail scanners follow links) |
| POST /confirm | token in the form (or query): confirms |
| GET /unsubscribe?token= | a page with a button |
| POST /unsubscribe | token in the form or query; also RFC 8058 one-click (body List-Unsubscribe=One-Click) |
| POST /manage | token of the unsubscribe link and mail_lang: the mails' language (the form is on GET /unsubscribe) |
| GET /healthz | "ok" when the database answers |

The answer to a sign-up never tells whether an address is known: new, pending and
confirmed addresses get the same page, and the confirmation mail is queued in the
outbox table in the same transaction and sent by the mail worker (worker.py), so
neither the time taken nor a slow SMTP server shows in the answer. Every refusal is
an HTML page in the reader's language (the form's lang, else ``?lang=``, else Dutch).

Several processes: ``uvicorn 'ketenwijzer.subscriptions.app:from_env' --factory
--workers 4 --no-proxy-headers`` (with a PostgreSQL KETENWIJZER_DB for several
machines). The client address for the per-client limit is the connection's peer;
``X-Forwarded-For`` counts only when that peer is in KETENWIJZER_TRUSTED_PROXIES.
Tokens in request lines are blanked in uvicorn's access log.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ketenwijzer.subscriptions import pages, tokens
from ketenwijzer.subscriptions.mailer import Mailer
from ketenwijzer.subscriptions.messages import t
from ketenwijzer.subscriptions.settings import Settings
from ketenwijzer.subscriptions.store import SignUpPolicy, SignUpRequest, Store
from ketenwijzer.subscriptions.validation import InvalidInput, check_lang, normalise_email, page_lang
from ketenwijzer.subscriptions.worker import MailWorker

log = logging.getLogger("ketenwijzer.subscriptions")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the pages' URLs hold tokens
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, "request body too large")


class LimitBody:
    """Refuse request bodies over ``limit`` bytes with the service's own 413 page.

    A Content-Length over the limit is answered at once; a body without one is
    counted while the endpoint reads it (BodyTooLarge then reaches the error page).
    """

    def __init__(self, app: ASGIApp, limit: int, refuse: Callable[[Request], Response]):
        self.app = app
        self.limit = limit
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self.refuse(Request(scope))(scope, receive, send)
        total = 0

        async def receive_limited() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, receive_limited, send)


_TOKEN_IN_URL = re.compile(r"(?i)(token=)[^&\s\"]+")


class RedactTokens(logging.Filter):
    """Blank the value of ``token=`` in log records (uvicorn's access log writes the request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_URL.sub(r"\1[removed]", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _TOKEN_IN_URL.sub(r"\1[removed]", record.msg)
        return True


def redact_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())


@dataclass
class Service:
    settings: Settings
    store: Store
    mailer: Mailer
    secret: str
    worker: MailWorker | None = None

    def now(self) -> float:
        return self.settings.clock()

    # -- pages ----------------------------------------------------------------

    def page(
        self, lang: str, title_key: str, body: list[str], *, status: int = 200, problem: bool = False, **form
    ) -> HTMLResponse:
        newsletter = self.settings.newsletter
        html = pages.render(
            lang=lang,
            newsletter=newsletter,
            home=self.settings.site_home(lang),
            title=t(title_key, lang, newsletter=newsletter),
            paragraphs=body,
            problem=problem,
            **form,
        )
        return HTMLResponse(html, status_code=status)

    def refuse(self, lang: str, status: int, key: str) -> HTMLResponse:
        return self.page(lang, "error.title", [t(key, lang, newsletter=self.settings.newsletter)], status=status, problem=True)

    def text(self, key: str, lang: str) -> str:
        return t(key, lang, newsletter=self.settings.newsletter)

    # -- routes ---------------------------------------------------------------

    async def healthz(self, request: Request) -> Response:
        try:
            await run_in_threadpool(self.store.ping)
        except Exception:  # any database trouble is "not healthy", not a crash
            log.exception("health check failed")
            return PlainTextResponse("database unavailable", status_code=503)
        return PlainTextResponse("ok")

    async def form_page(self, request: Request) -> Response:
        lang = page_lang(request.query_params.get("lang"))
        return self.page(lang, "subscribe.title", [self.text("subscribe.intro", lang)], form="subscribe", action="subscribe")

    def client_address(self, request: Request) -> str:
        """The peer's address; behind a trusted proxy the nearest untrusted address in X-Forwarded-For."""
        peer = request.client.host if request.client else "unknown"
        networks = self.settings.proxy_networks
        if not networks or not _in(peer, networks):
            return peer
        hops = [hop.strip() for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if not _in(hop, networks):
                return hop
        return peer

    async def subscribe(self, request: Request) -> Response:
        form = await _form(request)
        query_lang = page_lang(request.query_params.get("lang"))
        try:
            lang = check_lang(_field(form, "lang")) if _field(form, "lang") else query_lang
        except InvalidInput as exc:
            return self.refuse(query_lang, 400, exc.key)
        honeypot = bool(_field(form, "website"))
        email, problem = None, None
        if not honeypot:
            try:
                email = normalise_email(_field(form, "email"))
            except InvalidInput as exc:
                problem = exc.key
        settings = self.settings
        signup_request = SignUpRequest(
            email=email,
            lang=lang,
            now=self.now(),
            client_key=Store.rate_key(self.secret, self.client_address(request)),
            address_key=None if email is None else Store.rate_key(self.secret, email),
        )
        policy = SignUpPolicy(
            per_client=settings.signups_per_ip,
            per_address=settings.signups_per_address,
            window=settings.rate_window,
            resend_interval=settings.resend_interval,
            pending_ttl=settings.pending_ttl,
        )
        signup = await run_in_threadpool(self.store.sign_up, signup_request, policy)
        if signup.outcome == "limited":
            return self.refuse(lang, 429, "too_many")
        if problem is not None:
            return self.refuse(lang, 400, problem)
        if honeypot:  # a robot filled in the hidden field: answer as usual, do nothing
            log.info("sign-up refused: honeypot field filled in")
        elif signup.send_confirmation and self.worker is not None:
            self.worker.wake()
        return self.page(lang, "signup.title", [self.text("signup.body", lang), self.text("signup.spam", lang)])

    def _verify(self, token: str | None, purpose: str, lang: str) -> int | HTMLResponse:
        suffix = "" if purpose == "confirm" else ".unsubscribe"
        if not token:
            return self.refuse(lang, 400, "token.missing")
        try:
            return tokens.verify(self.settings.secrets, token, purpose, now=self.now())
        except tokens.TokenExpired:
            return self.refuse(lang, 400, "token.expired" + suffix)
        except tokens.TokenError:
            return self.refuse(lang, 400, "token.invalid" + suffix)

    async def confirm_page(self, request: Request) -> Response:
        lang = page_lang(request.query_params.get("lang"))
        token = request.query_params.get("token")
        checked = self._verify(token, "confirm", lang)
        if isinstance(checked, Response):
            return checked
        subscriber = await run_in_threadpool(self.store.get, checked)
        if subscriber is None:
            return self.refuse(lang, 400, "token.unknown")
        lang = subscriber.lang
        return self.page(
            lang,
            "confirm.title",
            [self.text("confirm.body", lang)],
            form="token",
            action="confirm",
            token=token,
            button=self.text("confirm.button", lang),
        )

    async def confirm(self, request: Request) -> Response:
        form = await _form(request)
        lang = page_lang(_field(form, "lang"), request.query_params.get("lang"))
        checked = self._verify(_field(form, "token") or request.query_params.get("token"), "confirm", lang)
        if isinstance(checked, Response):
            return checked
        subscriber = await run_in_threadpool(lambda: self.store.confirm(checked, now=self.now()))
        if subscriber is None:
            return self.refuse(lang, 400, "token.unknown")
        return self.page(subscriber.lang, "confirmed.title", [self.text("confirmed.body", subscriber.lang)])

    async def unsubscribe_page(self, request: Request) -> Response:
        lang = page_lang(request.query_params.get("lang"))
        token = request.query_params.get("token")
        checked = self._verify(token, "unsubscribe", lang)
        if isinstance(checked, Response):
            return checked
        subscriber = await run_in_threadpool(self.store.get, checked)
        if subscriber is None:  # already unsubscribed
            return self.page(lang, "unsubscribed.title", [self.text("unsubscribed.body", lang)])
        lang = subscriber.lang
        return self.page(
            lang,
            "unsubscribe.title",
            [self.text("unsubscribe.body", lang)],
            form="token",
            action="unsubscribe",
            token=token,
            button=self.text("unsubscribe.button", lang),
            manage=True,
        )

    async def manage(self, request: Request) -> Response:
        """Change the language of the mails, with the token of the unsubscribe link."""
        form = await _form(request)
        lang = page_lang(_field(form, "lang"), request.query_params.get("lang"))
        checked = self._verify(_field(form, "token") or request.query_params.get("token"), "unsubscribe", lang)
        if isinstance(checked, Response):
            return checked
        try:
            new_lang = check_lang(_field(form, "mail_lang"))
        except InvalidInput as exc:
            return self.refuse(lang, 400, exc.key)
        subscriber = await run_in_threadpool(self.store.set_lang, checked, new_lang)
        if subscriber is None:
            return self.refuse(lang, 400, "token.unknown")
        log.info("subscriber %s changed the language of the mails", subscriber.id)
        return self.page(new_lang, "managed.title", [self.text("managed.body", new_lang)])

    async def unsubscribe(self, request: Request) -> Response:
        """The page's button and RFC 8058 one-click (``List-Unsubscribe=One-Click``) both end up here."""
        form = await _form(request)
        lang = page_lang(_field(form, "lang"), request.query_params.get("lang"))
        checked = self._verify(_field(form, "token") or request.query_params.get("token"), "unsubscribe", lang)
        if isinstance(checked, Response):
            return checked
        subscriber = await run_in_threadpool(lambda: self.store.unsubscribe(checked, now=self.now()))
        if subscriber is not None:
            lang = subscriber.lang
            log.info(
                "subscriber %s unsubscribed%s",
                subscriber.id,
                " (one-click)" if _field(form, "List-Unsubscribe") == "One-Click" else "",
            )
        return self.page(lang, "unsubscribed.title", [self.text("unsubscribed.body", lang)])

    # -- errors ---------------------------------------------------------------

    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 400)
        key = {404: "not_found", 405: "method", 413: "too_large"}.get(status, "server" if status >= 500 else "bad_request")
        response = self.refuse(page_lang(request.query_params.get("lang")), status, key)
        if status == 405 and getattr(exc, "headers", None):
            response.headers.update(exc.headers)
        return response

    async def server_error(self, request: Request, exc: Exception) -> Response:
        return self.refuse(page_lang(request.query_params.get("lang")), 500, "server")


async def _form(request: Request) -> FormData:
    """The posted form; a body over the limit raises HTTPException(413) while reading."""
    try:
        return await request.form(max_files=0, max_fields=20, max_part_size=4096)
    except HTTPException:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, str(exc)) from exc


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def create_app(settings: Settings) -> Starlette:
    """The service as an ASGI app; the settings must hold a secret.

    The database is opened and the mail worker started in the app's lifespan (uvicorn
    runs it), so that every worker process has its own pool and mail thread."""
    secret = settings.require_secret()
    redact_access_log()
    service = Service(settings=settings, store=None, mailer=Mailer(settings), secret=secret)  # type: ignore[arg-type]

    @asynccontextmanager
    async def lifespan(app):
        service.store = await run_in_threadpool(lambda: Store(settings.db, suppression_key=settings.suppression_key))
        service.worker = MailWorker(settings, service.store, service.mailer)
        service.worker.start()
        try:
            yield
        finally:
            await run_in_threadpool(service.worker.stop)
            await run_in_threadpool(service.store.close)

    routes = [
        Route("/", service.form_page, methods=["GET"]),
        Route("/subscribe", service.form_page, methods=["GET"]),
        Route("/subscribe", service.subscribe, methods=["POST"]),
        Route("/confirm", service.confirm_page, methods=["GET"]),
        Route("/confirm", service.confirm, methods=["POST"]),
        Route("/unsubscribe", service.unsubscribe_page, methods=["GET"]),
        Route("/unsubscribe", service.unsubscribe, methods=["POST"]),
        Route("/manage", service.manage, methods=["POST"]),
        Route("/healthz", service.healthz, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: service.http_error, Exception: service.server_error},
        lifespan=lifespan,
    )
    app.add_middleware(
        LimitBody,
        limit=settings.max_body,
        refuse=lambda request: service.refuse(page_lang(request.query_params.get("lang")), 413, "too_large"),
    )
    app.add_middleware(SecurityHeaders)
    app.state.service = service
    return app
