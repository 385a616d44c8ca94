"""E-mail subscriptions: sign-up with double opt-in, and edition notifications sent exactly once.

Modules: settings (environment), validation, tokens, store (SQLite or PostgreSQL; all
SQL), messages (texts), pages (HTML), mailer (mails and transports), worker (the outbox
of confirmation mails), service (web app) and app (its ASGI factory), announcement and
notify (sending an edition), bounces (VERP and DSNs), cli (commands).
"""
