"""The service as an ASGI app factory, for running several worker processes.

    KETENWIJZER_SECRET=... KETENWIJZER_DB=postgresql://ketenwijzer@db/ketenwijzer \\
      uvicorn 'ketenwijzer.subscriptions.app:from_env' --factory --workers 4 --no-proxy-headers

or ``gunicorn -k uvicorn.workers.UvicornWorker 'ketenwijzer.subscriptions.app:from_env()'``.
Settings come from the environment (see settings.py); ``KETENWIJZER_ROOT`` names the
project folder (its mkdocs.yml gives the site's address), by default the current one. Pass
``--no-proxy-headers`` so that uvicorn does not rewrite the client address itself:
the service believes X-Forwarded-For only from KETENWIJZER_TRUSTED_PROXIES.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette

from ketenwijzer.subscriptions.service import create_app
from ketenwijzer.subscriptions.settings import Settings


def from_env() -> Starlette:
    return create_app(Settings.from_env(root=Path(os.environ.get("KETENWIJZER_ROOT") or ".")))
