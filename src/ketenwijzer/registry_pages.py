"""Markdown pages generated from the registry, one language at a time.

Pure functions: registry (+ backlinks) in, ``{src_uri: markdown}`` out. Each
page costs time in proportion to what it shows, using the registry's indexes,
so the whole set is linear in the registry's size.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from typing import Iterable

from .messages import t
from .registry import Registry, label, text

BASE = "wie-doet-wat"
OVERVIEW = f"{BASE}/index.md"
FINDER = f"{BASE}/verwijzen.md"


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
    name = text(org["name"], lang)
    abbr = org.get("abbreviation")
    return f"{name} ({abbr})" if abbr and abbr != name else name


def _referral_table(reg: Registry, ids: Iterable[str], here: str, lang: str, columns: tuple[str, ...]) -> list[str]:
    ids = list(ids)
    if not ids:
        return [t("none", lang), ""]
    heads = {"situation": "col.situation", "from": "col.from", "to": "col.to", "channel": "col.channel", "reason": "col.reason"}
    out = ["| " + " | ".join(t(heads[c], lang) for c in columns) + " |", "|" + "---|" * len(columns)]
    for ref_id in ids:
        ref = reg.referrals[ref_id]
        cells = []
        for column in columns:
            if column == "situation":
                cells.append(_ref_link(reg, ref["topic"], here, lang))
            elif column == "from":
                cells.append(_ref_link(reg, ref["from"], here, lang))
            elif column == "to":
                target = _ref_link(reg, ref["to"], here, lang)
                if ref.get("to_role"):
                    target += ": " + _ref_link(reg, ref["to_role"], here, lang)
                cells.append(target)
            else:
                cells.append(_esc(text(ref[column], lang)))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


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
    short = org.get("abbreviation") or text(org["name"], lang)
    out = [_front(name, t("org.description", lang).format(name=name)), f"# {name}", "", text(org["mission"], lang), ""]
    facts = [f"**{t('kind', lang)}:** {t('kind.' + org['kind'], lang)}"]
    if org.get("aliases"):
        facts.append(f"**{t('aliases', lang)}:** {', '.join(_esc(a) for a in org['aliases'])}")
    if org.get("website"):
        facts.append(f"**{t('website', lang)}:** <{org['website']}>")
    if org.get("contact"):
        facts.append(f"**{t('contact', lang)}:** {text(org['contact'], lang)}")
    out += ["  \n".join(facts), ""]
    out += ['<div class="grid cards kw-does" markdown>', ""]
    for key, icon in (("does", "kw-yes"), ("does_not", "kw-no")):
        out.append(f'-   <h2 class="{icon}">{t(key, lang)}</h2>')
        out.append("")
        out.extend(f"    - {item}" for item in text(org[key], lang))
        out.append("")
    out += ["</div>", ""]
    if org.get("phases"):
        out += [f"## {t('phases', lang)}", ""]
        out += [f"- [{_esc(label(reg, p, lang))}]({rel(here, OVERVIEW)}#fase-{p})" for p in org["phases"]]
        out.append("")
    out += [f"## {t('roles', lang)}", ""]
    roles = reg.roles_by_org.get(oid, [])
    out += [f"- [{_esc(text(reg.roles[r]['title'], lang))}]({rel(here, role_uri(r))}): {text(reg.roles[r]['handles'], lang)}" for r in roles] or [t("none", lang)]
    out.append("")
    topics = reg.topics_by_org.get(oid, [])
    if topics:
        out += [f"## {t('topics', lang)}", ""]
        for tid in topics:
            how = t("lead", lang) if reg.topics[tid]["lead"] == oid else t("supporting", lang)
            out.append(f"- {_ref_link(reg, tid, here, lang)} ({how})")
        out.append("")
    out += [f"## {t('referrals.to', lang).format(name=short)}", ""]
    out += _referral_table(reg, reg.referrals_to_org.get(oid, []), here, lang, ("situation", "from", "to", "channel", "reason"))
    out += [f"## {t('referrals.from', lang).format(name=short)}", ""]
    out += _referral_table(reg, reg.referrals_from_org.get(oid, []), here, lang, ("situation", "from", "to", "channel", "reason"))
    out += _backlinks(tagged, ("organisations", oid), here, short, lang)
    return "\n".join(out)


def role_page(reg: Registry, rid: str, lang: str) -> str:
    role = reg.roles[rid]
    here = role_uri(rid)
    oid = role["organisation"]
    title = text(role["title"], lang)
    org_short = reg.organisations[oid].get("abbreviation") or text(reg.organisations[oid]["name"], lang)
    full = f"{title} ({org_short})"
    out = [_front(full, t("role.description", lang).format(title=title.lower(), org=org_short)), f"# {full}", ""]
    out += [f"**{t('role.of', lang)}:** {_ref_link(reg, oid, here, lang)}", ""]
    out += [f"## {t('role.handles', lang)}", "", text(role["handles"], lang), ""]
    if role.get("questions"):
        out += [f"## {t('role.questions', lang)}", ""] + [f"- {q}" for q in text(role["questions"], lang)] + [""]
    out += [f"## {t('referrals.from', lang).format(name=title)}", ""]
    own = reg.referrals_from_role.get(rid, [])
    general = reg.referrals_from_org_itself.get(oid, [])
    out += _referral_table(reg, own + general, here, lang, ("situation", "to", "channel", "reason"))
    incoming = reg.referrals_to_role.get(rid, [])
    if incoming:
        out += [f"## {t('referrals.to', lang).format(name=title)}", ""]
        out += _referral_table(reg, incoming, here, lang, ("situation", "from", "channel", "reason"))
    return "\n".join(out)


def topic_page(reg: Registry, tid: str, lang: str, tagged) -> str:
    topic = reg.topics[tid]
    here = topic_uri(tid)
    name = text(topic["name"], lang)
    out = [_front(name, t("topic.description", lang).format(name=name)), f"# {name}", "", text(topic["summary"], lang), ""]
    out += [f"**{t('topic.lead', lang)}:** {_ref_link(reg, topic['lead'], here, lang)}  "]
    if topic.get("supporting"):
        out += [f"**{t('topic.supporting', lang)}:** " + ", ".join(_ref_link(reg, o, here, lang) for o in topic["supporting"]) + "  "]
    if topic.get("phases"):
        out += [f"**{t('phases', lang)}:** " + ", ".join(f"[{_esc(label(reg, p, lang))}]({rel(here, OVERVIEW)}#fase-{p})" for p in topic["phases"])]
    out += ["", f"## {t('referrals.topic', lang)}", ""]
    out += _referral_table(reg, reg.referrals_by_topic.get(tid, []), here, lang, ("from", "to", "channel", "reason"))
    out += [f"[{t('finder.title', lang)}]({rel(here, FINDER)}?situatie={tid})", ""]
    out += _backlinks(tagged, ("topics", tid), here, name, lang)
    return "\n".join(out)


def _diagram(reg: Registry, lang: str) -> str:
    """An inline SVG of the chain phases, with a text alternative beside it."""
    phases = reg.sorted_phases()
    width, box_w, gap = 180, 160, 20
    height = 150
    total = max(1, len(phases)) * width
    parts = [f'<svg class="kw-diagram" viewBox="0 0 {total} {height}" role="img" aria-labelledby="kw-diagram-title" focusable="false" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="kw-diagram-title">{html.escape(t("diagram.title", lang))}</title>']
    for i, pid in enumerate(phases):
        x = i * width + gap / 2
        name = html.escape(label(reg, pid, lang))
        orgs = ", ".join(html.escape(label(reg, o, lang)) for o in reg.phases[pid]["responsible"])
        parts.append(f'<rect x="{x}" y="20" width="{box_w}" height="80" rx="8" class="kw-diagram-box"/>')
        parts.append(f'<text x="{x + box_w / 2}" y="52" text-anchor="middle" class="kw-diagram-name">{name}</text>')
        parts.append(f'<text x="{x + box_w / 2}" y="78" text-anchor="middle" class="kw-diagram-orgs">{orgs}</text>')
        if i < len(phases) - 1:
            parts.append(f'<path d="M{x + box_w + 2} 60 l{gap - 6} 0" class="kw-diagram-arrow" marker-end="url(#kw-arrow)"/>')
    parts.insert(2, '<defs><marker id="kw-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>')
    parts.append("</svg>")
    return "".join(parts)


def overview_page(reg: Registry, lang: str) -> str:
    here = OVERVIEW
    out = [_front(t("overview.title", lang), t("overview.description", lang)), f"# {t('overview.title', lang)}", "", t("overview.intro", lang), ""]
    out += [f"[{t('finder.title', lang)}]({rel(here, FINDER)}){{ .md-button .md-button--primary }}", ""]
    out += [f"## {t('phases', lang)}", "", f'<figure class="kw-figure" markdown>', _diagram(reg, lang), "</figure>", ""]
    out += [f"### {t('diagram.text', lang)}", ""]
    for n, pid in enumerate(reg.sorted_phases(), 1):
        phase = reg.phases[pid]
        responsible = ", ".join(_ref_link(reg, o, here, lang) for o in phase["responsible"])
        line = f'{n}. <span id="fase-{pid}"></span>**{_esc(text(phase["name"], lang))}**: {text(phase["summary"], lang)} {t("responsible", lang)}: {responsible}.'
        if phase.get("next"):
            line += f" {t('next', lang)}: " + ", ".join(_esc(label(reg, p, lang)) for p in phase["next"]) + "."
        out.append(line)
    out.append("")
    phases = reg.sorted_phases()
    orgs = reg.sorted_organisations()
    out += [f"## {t('matrix.phases', lang)}", ""]
    out.append(f"| {t('organisation', lang)} | " + " | ".join(_esc(label(reg, p, lang)) for p in phases) + " |")
    out.append("|---|" + "---|" * len(phases))
    for oid in orgs:
        mine = set(reg.organisations[oid].get("phases", []))
        out.append(f"| {_ref_link(reg, oid, here, lang)} | " + " | ".join(("✓ " + t("yes", lang)) if p in mine else "" for p in phases) + " |")
    out.append("")
    out += [f"## {t('topics', lang)}", ""]
    for tid in sorted(reg.topics, key=lambda i: text(reg.topics[i]["name"], lang).lower()):
        topic = reg.topics[tid]
        supporting = ", ".join(_esc(label(reg, o, lang)) for o in topic.get("supporting", []))
        extra = f"; {t('supporting', lang)}: {supporting}" if supporting else ""
        out.append(f"- {_ref_link(reg, tid, here, lang)}: {t('lead', lang)} {_esc(label(reg, topic['lead'], lang))}{extra}")
    out.append("")
    out += [f"## {t('organisations', lang)}", ""]
    out += [f"- [{_esc(_org_name(reg, oid, lang))}]({rel(here, org_uri(oid))})" for oid in orgs]
    out.append("")
    return "\n".join(out)


def finder_page(reg: Registry, lang: str) -> str:
    here = FINDER
    out = [_front(t("finder.title", lang), t("finder.description", lang)), f"# {t('finder.title', lang)}", "", t("finder.intro", lang), ""]
    me = [f'<option value="">{t("finder.any", lang)}</option>']
    for oid in reg.sorted_organisations():
        me.append(f'<optgroup label="{html.escape(_org_name(reg, oid, lang))}">')
        me.append(f'<option value="{oid}">{html.escape(label(reg, oid, lang))}</option>')
        me.extend(f'<option value="{r}">{html.escape(label(reg, r, lang))}</option>' for r in reg.roles_by_org.get(oid, []))
        me.append("</optgroup>")
    topics = sorted(reg.topics, key=lambda i: text(reg.topics[i]["name"], lang).lower())
    situation = [f'<option value="">{t("finder.any", lang)}</option>'] + [
        f'<option value="{tid}">{html.escape(label(reg, tid, lang))}</option>' for tid in topics]
    roles_org = {rid: role["organisation"] for rid, role in reg.roles.items()}
    out += [
        f'<form class="kw-finder" id="kw-finder" hidden data-roles=\'{html.escape(_json(roles_org), quote=True)}\' '
        f'data-count="{html.escape(t("finder.count", lang))}" data-count-one="{html.escape(t("finder.count.one", lang))}">',
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
        f'<p class="kw-finder__empty" hidden>{t("finder.empty", lang)}</p>',
        "",
    ]
    for tid in topics:
        ids = reg.referrals_by_topic.get(tid, [])
        if not ids:
            continue
        out += [f'<section class="kw-referrals" data-topic="{tid}" markdown>', "", f"## {_esc(label(reg, tid, lang))} {{ #{tid} }}", ""]
        out.append('<table class="kw-referral-table">')
        labels = [html.escape(t(k, lang), quote=True) for k in ("col.from", "col.to", "col.channel", "col.reason")]
        out.append("<thead><tr>" + "".join(f'<th scope="col">{label_}</th>' for label_ in labels) + "</tr></thead><tbody>")
        for ref_id in ids:
            ref = reg.referrals[ref_id]
            target = _html_ref(reg, ref["to"], here, lang)
            if ref.get("to_role"):
                target += ": " + _html_ref(reg, ref["to_role"], here, lang)
            out.append(
                f'<tr id="ref-{ref_id}" data-from="{ref["from"]}" data-from-org="{reg.org_of(ref["from"])}" data-topic="{tid}">'
                f'<td data-label="{labels[0]}">{_html_ref(reg, ref["from"], here, lang)}</td><td data-label="{labels[1]}">{target}</td>'
                f'<td data-label="{labels[2]}">{html.escape(text(ref["channel"], lang))}</td>'
                f'<td data-label="{labels[3]}">{html.escape(text(ref["reason"], lang))}</td></tr>')
        out += ["</tbody></table>", "", "</section>", ""]
    return "\n".join(out)


def _json(value) -> str:
    import json
    return json.dumps(value, separators=(",", ":"))


def all_pages(reg: Registry, lang: str, tagged: dict[tuple[str, str], list[Backlink]]) -> dict[str, str]:
    """Every registry page for ``lang``: {src_uri: markdown}."""
    pages = {OVERVIEW: overview_page(reg, lang), FINDER: finder_page(reg, lang)}
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
        abbr = org.get("abbreviation")
        if abbr:
            result[abbr] = text(org["name"], lang)
    for item in reg.abbreviations:
        result.setdefault(item["abbr"], text(item["expansion"], lang))
    return result
