"""``ketenwijzer registry``: what the registry answers, for the people who keep it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ketenwijzer.cli.options import root_option

from ketenwijzer.domain import referral_answers
from ketenwijzer.site import sitemodel
from ketenwijzer.domain.registry import text

_SHORT = {
    referral_answers.DIRECT: "direct",
    referral_answers.SAME_ORGANISATION: "same-org",
    referral_answers.LEAD_ORGANISATION: "lead",
    referral_answers.CONTACT: "contact",
    referral_answers.NONE: "NONE",
}


@click.group("registry")
def registry_group() -> None:
    """Look at the Wie doet wat registry as the referral finder's users will."""


@registry_group.command("coverage")
@root_option
@click.option("--details", is_flag=True, help="Also print the answer for every choice, one line each.")
@click.option("--summary", is_flag=True, help="Print only the totals.")
def coverage_cmd(root: str, details: bool, summary: bool) -> None:
    """How the finder answers every role or organisation × situation choice.

    Per role or organisation and per situation: how many choices get a direct
    referral, one from colleagues of the same organisation, or the situation's
    lead organisation (its roles, or its general contact route). Exits non-zero
    when any choice has no answer at all.

    \b
    Example:
      ketenwijzer registry coverage
      ketenwijzer registry coverage --details
    """
    model = sitemodel.load(Path(root))
    if model.registry_problems:
        for problem in model.registry_problems:
            click.echo(str(problem), err=True)
        click.echo("fix the registry problems above first (see: ketenwijzer check)", err=True)
        sys.exit(1)
    reg = model.registry
    cov = referral_answers.coverage(reg)
    tiers = list(referral_answers.TIERS)
    header = "".join(f"{_SHORT[tier]:>10}" for tier in tiers)

    def line(name: str, counts: dict[str, int]) -> str:
        return f"{name:<44.44}" + "".join(f"{counts[tier]:>10}" for tier in tiers)

    if not summary:
        click.echo(f"{'who (per role or organisation)':<44}{header}")
        for who, row in cov.table.items():
            counts = dict.fromkeys(tiers, 0)
            for tier in row.values():
                counts[tier] += 1
            kind = "role" if who in reg.roles else "org"
            click.echo(line(f"{kind} {who}", counts))
        click.echo("")
        click.echo(f"{'situation':<44}{header}")
        for tid in sorted(reg.topics):
            counts = dict.fromkeys(tiers, 0)
            for row in cov.table.values():
                counts[row[tid]] += 1
            click.echo(line(f"{tid} ({text(reg.topics[tid].name, 'nl')})", counts))
        click.echo("")
    if details:
        for who, row in cov.table.items():
            for tid, tier in row.items():
                click.echo(f"{who}\t{tid}\t{_SHORT[tier]}")
        click.echo("")
    total = 0
    for kind in ("role", "organisation"):
        counts = cov.totals(kind, reg)
        n = sum(counts.values())
        total += n
        parts = ", ".join(f"{_SHORT[tier]} {counts[tier]} ({100 * counts[tier] / n:.0f} %)" for tier in tiers if n)
        click.echo(f"{kind} × situation: {n} choices: {parts}")
    click.echo(_targets(reg))
    missing = cov.unanswered()
    click.echo(f"coverage: {total - len(missing)} of {total} choices answered")
    if missing:
        for who, tid in missing:
            click.echo(f"no answer: {who} × {tid}", err=True)
        sys.exit(1)


def _targets(reg) -> str:
    """The registry's own growth targets: referrals in all, per role, per situation."""
    thin_roles = [rid for rid in reg.roles if len(reg.referrals_from_role.get(rid, [])) < 2]
    thin_topics = []
    for tid in sorted(reg.topics):
        ids = reg.referrals_by_topic.get(tid, [])
        if len(ids) < 5 or len({reg.org_of(reg.referrals[r].from_) for r in ids}) < 3:
            thin_topics.append(tid)
    lines = [
        f"registry: {len(reg.referrals)} referrals; "
        f"roles with at least 2 referrals of their own: {len(reg.roles) - len(thin_roles)} of {len(reg.roles)}; "
        f"situations with at least 5 referrals from at least 3 organisations: {len(reg.topics) - len(thin_topics)} of {len(reg.topics)}"
    ]
    if thin_roles:
        lines.append("  roles below 2: " + ", ".join(thin_roles))
    if thin_topics:
        lines.append("  situations below 5 from 3: " + ", ".join(thin_topics))
    return "\n".join(lines)
