"""Markdown pages generated from the registry, one language at a time.

Pure functions: registry (+ backlinks) in, ``{src_uri: markdown}`` out. Each
page costs time in proportion to what it shows, using the registry's indexes,
so the whole set is linear in the registry's size.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from dataclasses import dataclass
from typing import Callable, Iterable

from ketenwijzer.domain import chain_steps
from ketenwijzer.domain.messages import long_date, t
from ketenwijzer.domain.referral_answers import Answers
from ketenwijzer.domain.registry import Referral, Registry, label, text

BASE = "wie-doet-wat"
OVERVIEW = f"{BASE}/index.md"
FINDER = f"{BASE}/verwijzen.md"
STEPS = f"{BASE}/stap-voor-stap.md"
GLOSSARY = f"{BASE}/afkortingen.md"
STEP_CHAPTERS = 5  # handbook chapters listed per step


def org_uri(oid: str) -> str:
    return f"{BASE}/organisaties/{oid}.md"


def role_uri(rid: str) -> str:
    return f"{BASE}/rollen/{rid}.md"


def topic_uri(tid: str) -> str:
    return f"{BASE}/onderwerpen/{tid}.md"


@dataclass(frozen=True)
class Backlink:
    section: str  # 'handreiking' | 'verhalen' | 'vreemdelingenvisie'
    title: str
    src_uri: str  # language-neutral, e.g. 'handreiking/03-verwijzen.md'


def rel(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source file to another."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def page_url(src_uri: str) -> str:
    """The directory URL of a generated page: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return f"{stem}/" if stem else ""


def href(from_uri: str, to_uri: str) -> str:
    """A URL for raw HTML from one generated page to another."""
    start = page_url(from_uri) or "."
    return posixpath.relpath(page_url(to_uri) or ".", start) + "/"


def _html_ref(reg: Registry, ref: str, here: str, lang: str) -> str:
    uri = role_uri(ref) if ref in reg.roles else org_uri(ref) if ref in reg.organisations else topic_uri(ref)
    return f'<a href="{href(here, uri)}">{html.escape(label(reg, ref, lang))}</a>'


def _esc(value: str) -> str:
    """Escape text for Markdown table cells and inline use."""
    return value.replace("|", "\\|").replace("\n", " ")


def _front(title: str, description: str) -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"---\ntitle: {q(title)}\ndescription: {q(description)}\n---\n\n"


def _opening(page: str, lang: str) -> list[str]:
    """The front matter, heading and introduction of a page whose texts are ``{page}.title``, ``.description``, ``.intro``."""
    title = t(f"{page}.title", lang)
    return [_front(title, t(f"{page}.description", lang)), f"# {title}", "", t(f"{page}.intro", lang), ""]


def _ref_link(reg: Registry, ref: str, here: str, lang: str) -> str:
    if ref in reg.roles:
        return f"[{_esc(label(reg, ref, lang))}]({rel(here, role_uri(ref))})"
    if ref in reg.organisations:
        return f"[{_esc(label(reg, ref, lang))}]({rel(here, org_uri(ref))})"
    if ref in reg.topics:
        return f"[{_esc(label(reg, ref, lang))}]({rel(here, topic_uri(ref))})"
    return _esc(label(reg, ref, lang))


def _org_name(reg: Registry, oid: str, lang: str) -> str:
    org = reg.organisations[oid]
    name = text(org.name, lang)
    abbr = org.abbreviation
    return f"{name} ({abbr})" if abbr and abbr != name else name


_COLUMN_LABELS = {
    "situation": "col.situation",
    "from": "col.from",
    "to": "col.to",
    "channel": "col.channel",
    "reason": "col.reason",
}


def _referral_cells(reg: Registry, ref: Referral, here: str, lang: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column label, cell HTML) for one referral."""
    cells = []
    for column in columns:
        if column == "situation":
            value = _html_ref(reg, ref.topic, here, lang)
        elif column == "from":
            value = _html_ref(reg, ref.from_, here, lang)
        elif column == "to":
            value = _html_ref(reg, ref.to, here, lang)
            if ref.to_role:
                value += ": " + _html_ref(reg, ref.to_role, here, lang)
        else:
            value = html.escape(text(ref.channel if column == "channel" else ref.reason, lang))
        cells.append((html.escape(t(_COLUMN_LABELS[column], lang), quote=True), value))
    return cells


def _referral_table(
    reg: Registry,
    ids: Iterable[str],
    here: str,
    lang: str,
    columns: tuple[str, ...],
    row_attrs: Callable[[str, Referral], str] | None = None,
) -> list[str]:
    """An HTML table of referrals that becomes a list of cards on a phone (each cell carries its label)."""
    ids = list(ids)
    if not ids:
        return [t("none", lang), ""]
    heads = "".join(f'<th scope="col">{html.escape(t(_COLUMN_LABELS[c], lang))}</th>' for c in columns)
    out = ['<table class="kw-referral-table">', f"<thead><tr>{heads}</tr></thead><tbody>"]
    for ref_id in ids:
        ref = reg.referrals[ref_id]
        attrs = row_attrs(ref_id, ref) if row_attrs else ""
        cells = "".join(f'<td data-label="{name}">{value}</td>' for name, value in _referral_cells(reg, ref, here, lang, columns))
        out.append(f"<tr{attrs}>{cells}</tr>")
    out += ["</tbody></table>", ""]
    return out


def _reviewed(reviewed: dt.date, lang: str, source: str | None = None) -> list[str]:
    """The 'Last reviewed' line (and the public source, where there is one)."""
    parts = [f"{html.escape(t('reviewed', lang))}: {long_date(reviewed, lang)}"]
    if source:
        url = html.escape(source, quote=True)
        parts.append(f'{html.escape(t("source", lang))}: <a href="{url}">{url}</a>')
    return [f'<p class="kw-reviewed">{" · ".join(parts)}</p>', ""]


def _position(reg: Registry, phases: Iterable[str], here: str, lang: str) -> list[str]:
    """Where a page sits in the step-by-step guide: links to its steps."""
    numbers = chain_steps.step_of(reg)
    known = sorted({p for p in phases if p in numbers}, key=lambda p: (numbers[p], reg.phases[p].order))
    if not known:
        return []
    links = [
        f"[{t('steps.step', lang).format(n=numbers[p])}: {_esc(label(reg, p, lang))}]({rel(here, STEPS)}#fase-{p})" for p in known
    ]
    return [f"**{t('steps.position', lang)}:** " + ", ".join(links), ""]


def _the(title: str, lang: str) -> str:
    """'Woonbegeleider' -> 'de woonbegeleider', 'Resident counsellor' -> 'the resident counsellor'."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        title = title[0].lower() + title[1:]
    return ("de " if lang == "nl" else "the ") + title


def _backlinks(tagged: dict[tuple[str, str], list[Backlink]], key: tuple[str, str], here: str, name: str, lang: str) -> list[str]:
    out = [f"## {t('related', lang).format(name=name)}", ""]
    links = tagged.get(key, [])
    if not links:
        return out + [t("related.none", lang), ""]
    for section in ("handreiking", "verhalen", "vreemdelingenvisie"):
        items = [b for b in links if b.section == section]
        if items:
            out.append(f"**{t('section.' + section, lang)}**")
            out.append("")
            out.extend(f"- [{_esc(b.title)}]({rel(here, b.src_uri)})" for b in items)
            out.append("")
    return out


def organisation_page(reg: Registry, oid: str, lang: str, tagged) -> str:
    org = reg.organisations[oid]
    here = org_uri(oid)
    name = _org_name(reg, oid, lang)
    short = org.abbreviation or text(org.name, lang)
    out = [_front(name, t("org.description", lang).format(name=name)), f"# {name}", "", text(org.mission, lang), ""]
    facts = [f"**{t('kind', lang)}:** {t('kind.' + org.kind, lang)}"]
    if org.aliases:
        facts.append(f"**{t('aliases', lang)}:** {', '.join(_esc(a) for a in org.aliases)}")
    if org.website:
        facts.append(f"**{t('website', lang)}:** <{org.website}>")
    if org.contact:
        facts.append(f"**{t('contact', lang)}:** {text(org.contact, lang)}")
    out += ["  \n".join(facts), ""]
    out += ['<div class="grid cards kw-does" markdown>', ""]
    for key, icon, items in (("does", "kw-yes", org.does), ("does_not", "kw-no", org.does_not)):
        out.append(f'-   <h2 class="{icon}">{t(key, lang)}</h2>')
        out.append("")
        out.extend(f"    - {item}" for item in text(items, lang))
        out.append("")
    out += ["</div>", ""]
    out += _position(reg, org.phases, here, lang)
    out += [f"## {t('roles', lang)}", ""]
    roles = reg.roles_by_org.get(oid, [])
    out += [
        f"- [{_esc(text(reg.roles[r].title, lang))}]({rel(here, role_uri(r))}): {text(reg.roles[r].handles, lang)}" for r in roles
    ] or [t("none", lang)]
    out.append("")
    topics = reg.topics_by_org.get(oid, [])
    if topics:
        out += [f"## {t('topics', lang)}", ""]
        for tid in topics:
            how = t("lead", lang) if reg.topics[tid].lead == oid else t("supporting", lang)
            out.append(f"- {_ref_link(reg, tid, here, lang)} ({how})")
        out.append("")
    out += [f"## {t('refers.org', lang).format(name=short)}", ""]
    out += _referral_table(reg, reg.referrals_from_org.get(oid, []), here, lang, ("situation", "from", "to", "channel", "reason"))
    out += [f"## {t('refers.to.org', lang).format(name=short)}", ""]
    out += _referral_table(reg, reg.referrals_to_org.get(oid, []), here, lang, ("situation", "from", "to", "channel", "reason"))
    out += [f"[{t('refers.other', lang)}]({rel(here, FINDER)}?van={oid})", ""]
    out += _backlinks(tagged, ("organisations", oid), here, short, lang)
    out += _reviewed(org.reviewed, lang, org.source)
    return "\n".join(out)


def role_page(reg: Registry, rid: str, lang: str) -> str:
    role = reg.roles[rid]
    here = role_uri(rid)
    oid = role.organisation
    title = text(role.title, lang)
    org_short = reg.organisations[oid].abbreviation or text(reg.organisations[oid].name, lang)
    full = f"{title} ({org_short})"
    out = [_front(full, t("role.description", lang).format(title=title.lower(), org=org_short)), f"# {full}", ""]
    out += [f"**{t('role.of', lang)}:** {_ref_link(reg, oid, here, lang)}", ""]
    out += _position(reg, reg.organisations[oid].phases, here, lang)
    out += [f"## {t('role.handles', lang)}", "", text(role.handles, lang), ""]
    if role.questions:
        out += [f"## {t('role.questions', lang)}", ""] + [f"- {q}" for q in text(role.questions, lang)] + [""]
    out += [f"## {t('refers.role', lang).format(the=_the(title, lang))}", ""]
    own = reg.referrals_from_role.get(rid, [])
    general = reg.referrals_from_org_itself.get(oid, [])
    out += _referral_table(reg, own + general, here, lang, ("situation", "to", "channel", "reason"))
    out += [f"[{t('refers.other', lang)}]({rel(here, FINDER)}?van={rid})", ""]
    incoming = reg.referrals_to_role.get(rid, [])
    if incoming:
        out += [f"## {t('refers.to.role', lang).format(the=_the(title, lang))}", ""]
        out += _referral_table(reg, incoming, here, lang, ("situation", "from", "channel", "reason"))
    out += _reviewed(role.reviewed, lang)
    return "\n".join(out)


def topic_page(reg: Registry, tid: str, lang: str, tagged) -> str:
    topic = reg.topics[tid]
    here = topic_uri(tid)
    name = text(topic.name, lang)
    out = [_front(name, t("topic.description", lang).format(name=name)), f"# {name}", "", text(topic.summary, lang), ""]
    out += [f"**{t('topic.lead', lang)}:** {_ref_link(reg, topic.lead, here, lang)}  "]
    if topic.supporting:
        out += [
            f"**{t('topic.supporting', lang)}:** " + ", ".join(_ref_link(reg, o, here, lang) for o in topic.supporting) + "  "
        ]
    out += [""] + _position(reg, topic.phases, here, lang)
    out += [f"## {t('referrals.topic', lang)}", ""]
    out += _referral_table(reg, reg.referrals_by_topic.get(tid, []), here, lang, ("from", "to", "channel", "reason"))
    out += [f"[{t('finder.title', lang)}]({rel(here, FINDER)}?situatie={tid})", ""]
    out += _backlinks(tagged, ("topics", tid), here, name, lang)
    out += _reviewed(topic.reviewed, lang)
    return "\n".join(out)


def _chain(reg: Registry, here: str, lang: str) -> str:
    """The chain as an ordered list of steps (HTML text, so it reads aloud and wraps on a phone).

    Alternatives within a step (permit or rejection) sit side by side; each phase
    links to its place in the step-by-step guide and names who is responsible.
    """
    parts = [f'<ol class="kw-chain" aria-label="{html.escape(t("chain.label", lang), quote=True)}">']
    for step in chain_steps.steps(reg):
        parts.append(
            f'<li class="kw-chain__step"><span class="kw-chain__number">{html.escape(t("steps.step", lang).format(n=step.number))}</span>'
        )
        parts.append('<ul class="kw-chain__phases">')
        for i, pid in enumerate(step.phases):
            if i:
                parts.append(f'<li class="kw-chain__or" aria-hidden="true">{html.escape(t("steps.or", lang))}</li>')
            orgs = ", ".join(html.escape(label(reg, o, lang)) for o in reg.phases[pid].responsible)
            parts.append(
                f'<li class="kw-chain__phase"><a class="kw-chain__name" href="{href(here, STEPS)}#fase-{pid}">'
                f"{html.escape(text(reg.phases[pid].name, lang))}</a>"
                f'<span class="kw-chain__orgs">{orgs}</span></li>'
            )
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "".join(parts)


def overview_page(reg: Registry, lang: str) -> str:
    here = OVERVIEW
    out = _opening("overview", lang)
    out += [f"[{t('finder.title', lang)}]({rel(here, FINDER)}){{ .md-button .md-button--primary }}", ""]
    out += [f"## {t('phases', lang)}", "", _chain(reg, here, lang), ""]
    out += [f"[{t('steps.link', lang)}]({rel(here, STEPS)}) · [{t('glossary.title', lang)}]({rel(here, GLOSSARY)})", ""]
    out += [f"### {t('diagram.text', lang)}", ""]
    for n, pid in enumerate(reg.sorted_phases(), 1):
        phase = reg.phases[pid]
        responsible = ", ".join(_ref_link(reg, o, here, lang) for o in phase.responsible)
        line = f'{n}. <span id="fase-{pid}"></span>**{_esc(text(phase.name, lang))}**: {text(phase.summary, lang)} {t("responsible", lang)}: {responsible}.'
        if phase.next:
            line += f" {t('next', lang)}: " + ", ".join(_esc(label(reg, p, lang)) for p in phase.next) + "."
        out.append(line)
    out.append("")
    phases = reg.sorted_phases()
    orgs = reg.sorted_organisations()
    out += [f"## {t('matrix.phases', lang)}", ""]
    out.append(f"| {t('organisation', lang)} | " + " | ".join(_esc(label(reg, p, lang)) for p in phases) + " |")
    out.append("|---|" + "---|" * len(phases))
    for oid in orgs:
        mine = set(reg.organisations[oid].phases)
        out.append(
            f"| {_ref_link(reg, oid, here, lang)} | "
            + " | ".join(("✓ " + t("yes", lang)) if p in mine else "" for p in phases)
            + " |"
        )
    out.append("")
    out += [f"## {t('topics', lang)}", ""]
    for tid in sorted(reg.topics, key=lambda i: text(reg.topics[i].name, lang).lower()):
        topic = reg.topics[tid]
        supporting = ", ".join(_esc(label(reg, o, lang)) for o in topic.supporting)
        extra = f"; {t('supporting', lang)}: {supporting}" if supporting else ""
        out.append(f"- {_ref_link(reg, tid, here, lang)}: {t('lead', lang)} {_esc(label(reg, topic.lead, lang))}{extra}")
    out.append("")
    out += [f"## {t('organisations', lang)}", ""]
    out += [f"- [{_esc(_org_name(reg, oid, lang))}]({rel(here, org_uri(oid))})" for oid in orgs]
    out.append("")
    return "\n".join(out)


def _lead_block(reg: Registry, answers: Answers, tid: str, here: str, lang: str) -> list[str]:
    """Whom to turn to when nobody in your organisation refers on this situation: the lead organisation."""
    lead = answers.lead(tid)
    oid = lead.organisation
    org = reg.organisations[oid]
    tier = "lead-organisation" if lead.roles else "contact"
    out = [
        f'<div class="kw-leadorg" data-topic="{tid}" data-tier="{tier}" data-org="{oid}">',
        f'<p class="kw-leadorg__title"><strong>{html.escape(t("finder.lead.title", lang))}:</strong> {_html_ref(reg, oid, here, lang)}</p>',
    ]
    if lead.roles:
        out.append(f'<p class="kw-leadorg__label">{html.escape(t("finder.lead.roles", lang))}:</p><ul>')
        out += [f"<li>{_html_ref(reg, r, here, lang)}: {html.escape(text(reg.roles[r].handles, lang))}</li>" for r in lead.roles]
        out.append("</ul>")
    if org.contact:
        how = html.escape(text(org.contact, lang))
    elif org.website:
        url = html.escape(org.website, quote=True)
        how = t("finder.lead.website", lang).format(url=f'<a href="{url}">{url}</a>')
    else:
        how = _html_ref(reg, oid, here, lang)
    why = t("finder.lead.reason", lang).format(org=html.escape(label(reg, oid, lang)), topic=html.escape(label(reg, tid, lang)))
    out += [
        f"<p><strong>{html.escape(t('finder.lead.how', lang))}:</strong> {how}</p>",
        f"<p><strong>{html.escape(t('finder.lead.why', lang))}:</strong> {why} {html.escape(text(reg.topics[tid].summary, lang))}</p>",
        "</div>",
    ]
    return out


def finder_page(reg: Registry, lang: str) -> str:
    """The referral finder: every situation with its referrals and its lead organisation.

    Without JavaScript the page lists it all. The script (overrides/assets/ketenwijzer.js)
    picks, for a choice of role or organisation, the same answer as referral_answers.Answers:
    direct referrals, else colleagues' referrals, else the lead organisation.
    """
    here = FINDER
    answers = Answers(reg)
    out = _opening("finder", lang)
    me = [f'<option value="">{t("finder.any", lang)}</option>']
    for oid in reg.sorted_organisations():
        me.append(f'<optgroup label="{html.escape(_org_name(reg, oid, lang))}">')
        me.append(f'<option value="{oid}">{html.escape(label(reg, oid, lang))}</option>')
        me.extend(f'<option value="{r}">{html.escape(label(reg, r, lang))}</option>' for r in reg.roles_by_org.get(oid, []))
        me.append("</optgroup>")
    topics = sorted(reg.topics, key=lambda i: text(reg.topics[i].name, lang).lower())
    situation = [f'<option value="">{t("finder.any", lang)}</option>'] + [
        f'<option value="{tid}">{html.escape(label(reg, tid, lang))}</option>' for tid in topics
    ]
    roles_org = {rid: role.organisation for rid, role in reg.roles.items()}
    texts = {
        key: t(f"finder.{key}", lang)
        for key in (
            "status.one",
            "status.many",
            "status.same",
            "status.lead",
            "status.all",
            "tier.direct",
            "tier.same-organisation",
            "tier.lead-organisation",
            "tier.contact",
        )
    }
    out += [
        f'<form class="kw-finder" id="kw-finder" hidden data-roles=\'{html.escape(_json(roles_org), quote=True)}\' '
        f"data-texts='{html.escape(_json(texts), quote=True)}'>",
        '<div class="kw-finder__field">',
        f'<label for="kw-van">{t("finder.me", lang)}</label>',
        f'<select id="kw-van" name="van">{"".join(me)}</select>',
        "</div>",
        '<div class="kw-finder__field">',
        f'<label for="kw-situatie">{t("finder.situation", lang)}</label>',
        f'<select id="kw-situatie" name="situatie">{"".join(situation)}</select>',
        "</div>",
        '<p class="kw-finder__status" role="status" aria-live="polite"></p>',
        "</form>",
        "",
    ]

    def row_attrs(ref_id: str, ref: Referral) -> str:
        return f' id="ref-{ref_id}" data-from="{ref.from_}" data-from-org="{reg.org_of(ref.from_)}" data-topic="{ref.topic}"'

    for tid in topics:
        out += [
            f'<section class="kw-referrals" data-topic="{tid}" markdown>',
            "",
            f"## {_esc(label(reg, tid, lang))} {{ #{tid} }}",
            "",
            '<p class="kw-tier" hidden></p>',
            "",
        ]
        ids = reg.referrals_by_topic.get(tid, [])
        if ids:
            out += _referral_table(reg, ids, here, lang, ("from", "to", "channel", "reason"), row_attrs)
        out += _lead_block(reg, answers, tid, here, lang)
        out += ["", "</section>", ""]
    return "\n".join(out)


def _json(value) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def steps_page(reg: Registry, lang: str, tagged) -> str:
    """A step-by-step guide through the chain, in the manner of GOV.UK's step-by-step navigation."""
    here = STEPS
    out = _opening("steps", lang)
    topics_by_phase: dict[str, list[str]] = {}
    for tid in sorted(reg.topics, key=lambda i: text(reg.topics[i].name, lang).lower()):
        for pid in reg.topics[tid].phases:
            topics_by_phase.setdefault(pid, []).append(tid)
    out.append('<ol class="kw-steps">')
    for step in chain_steps.steps(reg):
        names = f" {t('steps.or', lang)} ".join(html.escape(text(reg.phases[p].name, lang)) for p in step.phases)
        out.append(
            f'<li class="kw-step" id="stap-{step.number}"><h2 class="kw-step__title">'
            f'<span class="kw-step__number">{html.escape(t("steps.step", lang).format(n=step.number))}</span> {names}</h2>'
        )
        for i, pid in enumerate(step.phases):
            phase = reg.phases[pid]
            if i:
                out.append(f'<p class="kw-step__or">{html.escape(t("steps.or", lang))}</p>')
            out.append(f'<div class="kw-step__phase" id="fase-{pid}">')
            sub = "h3" if len(step.phases) == 1 else "h4"  # headings go down one level at a time
            if len(step.phases) > 1:
                out.append(f"<h3>{html.escape(text(phase.name, lang))}</h3>")
            out.append(f"<p>{html.escape(text(phase.summary, lang))}</p>")
            out.append(f"<{sub}>{html.escape(t('steps.who', lang))}</{sub}><ul>")
            for oid in phase.responsible:
                roles = reg.roles_by_org.get(oid, [])
                who = _html_ref(reg, oid, here, lang)
                if roles:
                    who += ": " + ", ".join(
                        f'<a href="{href(here, role_uri(r))}">{html.escape(text(reg.roles[r].title, lang))}</a>' for r in roles
                    )
                out.append(f"<li>{who}</li>")
            out.append("</ul>")
            topics = topics_by_phase.get(pid, [])
            if topics:
                out.append(f"<{sub}>{html.escape(t('steps.situations', lang))}</{sub}><ul>")
                out += [
                    f'<li>{_html_ref(reg, tid, here, lang)} (<a href="{href(here, FINDER)}?situatie={tid}">'
                    f"{html.escape(t('steps.finder', lang))}</a>)</li>"
                    for tid in topics
                ]
                out.append("</ul>")
            # the handbook chapters that say most about this step's situations and organisations
            hits: dict[Backlink, int] = {}
            for key in [("topics", tid) for tid in topics] + [("organisations", o) for o in phase.responsible]:
                for b in tagged.get(key, []):
                    if b.section == "handreiking":
                        hits[b] = hits.get(b, 0) + 1
            chapters = sorted(hits, key=lambda b: (-hits[b], b.src_uri))[:STEP_CHAPTERS]
            if chapters:
                out.append(f"<{sub}>{html.escape(t('steps.handbook', lang))}</{sub}><ul>")
                out += [
                    f'<li><a href="{href(here, b.src_uri)}">{html.escape(b.title)}</a></li>'
                    for b in sorted(chapters, key=lambda b: b.src_uri)
                ]
                out.append("</ul>")
            out.append("</div>")
        out.append("</li>")
    out += ["</ol>", ""]
    return "\n".join(out)


def glossary_entries(reg: Registry, lang: str) -> list[tuple[str, str, str | None]]:
    """(abbreviation, expansion, registry id it explains or None), sorted as a reader looks them up."""
    entries: list[tuple[str, str, str | None]] = []
    for oid, org in reg.organisations.items():
        if org.abbreviation:
            entries.append((org.abbreviation, text(org.name, lang), oid))
    known = {abbr for abbr, _, _ in entries}
    for item in reg.abbreviations:
        if item.abbr not in known:
            entries.append((item.abbr, text(item.expansion, lang), item.see))
    return sorted(entries, key=lambda e: (e[0].casefold(), e[0]))


def glossary_page(reg: Registry, lang: str) -> str:
    here = GLOSSARY
    out = _opening("glossary", lang)
    heads = "".join(f'<th scope="col">{html.escape(t(k, lang))}</th>' for k in ("col.abbr", "col.expansion", "col.more"))
    out += ['<table class="kw-glossary">', f"<thead><tr>{heads}</tr></thead><tbody>"]
    for abbr, expansion, ref in glossary_entries(reg, lang):
        more = _html_ref(reg, ref, here, lang) if ref else ""
        out.append(f'<tr><th scope="row">{html.escape(abbr)}</th><td>{html.escape(expansion)}</td><td>{more}</td></tr>')
    out += ["</tbody></table>", ""]
    return "\n".join(out)


def page_uris(reg: Registry) -> set[str]:
    """The src_uri of every registry page (what all_pages returns the Markdown of), without writing them."""
    return (
        {OVERVIEW, FINDER, STEPS, GLOSSARY}
        | {org_uri(o) for o in reg.organisations}
        | {role_uri(r) for r in reg.roles}
        | {topic_uri(tid) for tid in reg.topics}
    )


def all_pages(reg: Registry, lang: str, tagged: dict[tuple[str, str], list[Backlink]]) -> dict[str, str]:
    """Every registry page for ``lang``: {src_uri: markdown}."""
    pages = {
        OVERVIEW: overview_page(reg, lang),
        FINDER: finder_page(reg, lang),
        STEPS: steps_page(reg, lang, tagged),
        GLOSSARY: glossary_page(reg, lang),
    }
    for oid in reg.organisations:
        pages[org_uri(oid)] = organisation_page(reg, oid, lang, tagged)
    for rid in reg.roles:
        pages[role_uri(rid)] = role_page(reg, rid, lang)
    for tid in reg.topics:
        pages[topic_uri(tid)] = topic_page(reg, tid, lang, tagged)
    return pages


def abbreviation_definitions(reg: Registry, lang: str) -> dict[str, str]:
    """{abbreviation: expansion} for the abbr extension, organisations included."""
    result = {}
    for org in reg.organisations.values():
        abbr = org.abbreviation
        if abbr:
            result[abbr] = text(org.name, lang)
    for item in reg.abbreviations:
        result.setdefault(item.abbr, text(item.expansion, lang))
    return result
