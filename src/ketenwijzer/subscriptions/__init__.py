"""E-mail subscriptions: sign-up with double opt-in, and edition notifications sent exactly once.

Modules: settings (environment), validation, tokens, store (SQLite), messages (texts),
pages (HTML), mailer (mails and transports), service (web app), announcement and
notify (sending an edition), cli (commands).
"""
