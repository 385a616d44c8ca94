"""The service's HTML pages: small, accessible, no JavaScript, one template."""

from __future__ import annotations

import jinja2

from ketenwijzer.subscriptions.messages import t

_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ title }} – {{ newsletter }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.05rem;
       line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0; }
header { background: #3f51b5; color: #fff; padding: .75rem 1rem; }
header a { color: #fff; }
main { max-width: 36rem; margin: 0 auto; padding: 1rem; }
a { color: #303f9f; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=email], select { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; }
button { font: inherit; margin-top: 1rem; padding: .5rem 1.2rem; background: #3f51b5; color: #fff;
         border: 2px solid #3f51b5; border-radius: 4px; cursor: pointer; }
button:focus, a:focus, input:focus, select:focus { outline: 3px solid #ffb300; outline-offset: 2px; }
.hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.problem { border-left: 4px solid #b00020; padding-left: .75rem; }
</style>
</head>
<body>
<header><a href="{{ home }}">{{ newsletter }}</a></header>
<main>
<h1>{{ title }}</h1>
{% for paragraph in paragraphs %}
<p{% if problem %} class="problem"{% endif %}>{{ paragraph }}</p>
{% endfor %}
{% if form == "subscribe" %}
<form method="post" action="{{ action }}">
<label for="email">{{ t("subscribe.email") }}</label>
<input type="email" id="email" name="email" required maxlength="254" autocomplete="email">
<label for="lang">{{ t("subscribe.lang") }}</label>
<select id="lang" name="lang">
<option value="nl"{% if lang == "nl" %} selected{% endif %}>{{ t("lang.nl") }}</option>
<option value="en"{% if lang == "en" %} selected{% endif %}>{{ t("lang.en") }}</option>
</select>
<div class="hp" aria-hidden="true">
<label for="website">{{ t("subscribe.honeypot") }}</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off">
</div>
<button type="submit">{{ t("subscribe.button") }}</button>
</form>
<p>{{ t("subscribe.privacy") }}</p>
{% elif form %}
<form method="post" action="{{ action }}">
<input type="hidden" name="token" value="{{ token }}">
<input type="hidden" name="lang" value="{{ lang }}">
<button type="submit">{{ button }}</button>
</form>
{% endif %}
{% if manage %}
<h2>{{ t("manage.heading") }}</h2>
<p>{{ t("manage.body") }}</p>
<form method="post" action="manage">
<input type="hidden" name="token" value="{{ token }}">
<label for="mail_lang">{{ t("subscribe.lang") }}</label>
<select id="mail_lang" name="mail_lang">
<option value="nl"{% if lang == "nl" %} selected{% endif %}>{{ t("lang.nl") }}</option>
<option value="en"{% if lang == "en" %} selected{% endif %}>{{ t("lang.en") }}</option>
</select>
<button type="submit">{{ t("manage.button") }}</button>
</form>
{% endif %}
<p><a href="{{ home }}">{{ t("back") }}</a></p>
</main>
</body>
</html>
"""

_env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_template = _env.from_string(_PAGE)


def render(
    *,
    lang: str,
    newsletter: str,
    home: str,
    title: str,
    paragraphs: list[str],
    problem: bool = False,
    form: str | None = None,
    action: str = "",
    token: str = "",
    button: str = "",
    manage: bool = False,
) -> str:
    """``manage`` adds the form that changes the language of the mails (posting the same token)."""
    return _template.render(
        lang=lang,
        newsletter=newsletter,
        home=home,
        title=title,
        paragraphs=paragraphs,
        problem=problem,
        form=form,
        action=action,
        token=token,
        button=button,
        manage=manage,
        t=lambda key: t(key, lang, newsletter=newsletter),
    )
