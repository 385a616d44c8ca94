"""What the referral finder answers for a choice of "who I am" and "the client's situation".

The rule, in order, so that no choice is left without an answer:

1. ``direct``: referrals made by the chosen role (or by its organisation as a whole),
   or, for an organisation, by the organisation or any of its roles;
2. ``same-organisation``: for a role without its own referral, those made by other roles
   of the same organisation on that situation;
3. ``lead-organisation``: the situation's lead organisation and its roles that receive
   referrals on that situation;
4. ``contact``: the lead organisation's general contact route, when no role of it is
   named for the situation.

The finder's script (overrides/assets/ketenwijzer.js) applies the same rule to the rows
of the page; a browser test compares the two for every choice of the real site.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ketenwijzer.domain.registry import Registry

DIRECT = "direct"
SAME_ORGANISATION = "same-organisation"
LEAD_ORGANISATION = "lead-organisation"
CONTACT = "contact"
NONE = "none"
TIERS = (DIRECT, SAME_ORGANISATION, LEAD_ORGANISATION, CONTACT, NONE)


@dataclass(frozen=True)
class Lead:
    """The organisation that leads on a situation, and its roles that handle it."""

    organisation: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    tier: str
    referrals: tuple[str, ...] = ()  # referral ids, for the direct and same-organisation tiers
    lead: Lead | None = None  # for the lead-organisation and contact tiers


class Answers:
    """Answers for every choice of one registry, from indexes built once."""

    def __init__(self, reg: Registry):
        self.reg = reg
        # (who, topic) -> referral ids; who is the 'from' of the referral
        self._by_from: dict[tuple[str, str], list[str]] = defaultdict(list)
        # (organisation, topic) -> referral ids made by the organisation or any of its roles
        self._by_org: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ref_id, ref in reg.referrals.items():
            self._by_from[(ref.from_, ref.topic)].append(ref_id)
            self._by_org[(reg.org_of(ref.from_), ref.topic)].append(ref_id)
        self._leads: dict[str, Lead] = {tid: self._lead(tid) for tid in reg.topics}

    def _lead(self, tid: str) -> Lead:
        oid = self.reg.topics[tid].lead
        roles = []
        for ref_id in self.reg.referrals_by_topic.get(tid, []):
            role = self.reg.referrals[ref_id].to_role
            if role and self.reg.roles[role].organisation == oid and role not in roles:
                roles.append(role)
        return Lead(oid, tuple(roles))

    def lead(self, tid: str) -> Lead:
        return self._leads[tid]

    def answer(self, who: str, tid: str) -> Answer:
        """The answer for a role or organisation id ``who`` and a topic id ``tid``."""
        reg = self.reg
        if who in reg.roles:
            oid = reg.roles[who].organisation
            own = set(self._by_from[(who, tid)]) | set(self._by_from[(oid, tid)])
            direct = [r for r in reg.referrals_by_topic.get(tid, []) if r in own]
            if direct:
                return Answer(DIRECT, tuple(direct))
            colleagues = self._by_org[(oid, tid)]
            if colleagues:
                return Answer(SAME_ORGANISATION, tuple(colleagues))
        elif who in reg.organisations:
            direct = self._by_org[(who, tid)]
            if direct:
                return Answer(DIRECT, tuple(direct))
        else:
            raise KeyError(f"'{who}' is neither a role nor an organisation")
        lead = self._leads.get(tid)
        if lead is None or lead.organisation not in reg.organisations:
            return Answer(NONE)
        return Answer(LEAD_ORGANISATION if lead.roles else CONTACT, lead=lead)

    def choosers(self) -> list[str]:
        """Everything a reader can choose as "who I am": organisations, each followed by its roles."""
        out = []
        for oid in self.reg.sorted_organisations():
            out.append(oid)
            out.extend(self.reg.roles_by_org.get(oid, []))
        return out


@dataclass(frozen=True)
class Coverage:
    """How every choice is answered: {who: {topic: tier}} and the totals per tier."""

    table: dict[str, dict[str, str]]

    def totals(self, kind: str | None = None, reg: Registry | None = None) -> dict[str, int]:
        counts = dict.fromkeys(TIERS, 0)
        for who, row in self.table.items():
            if kind == "role" and reg is not None and who not in reg.roles:
                continue
            if kind == "organisation" and reg is not None and who not in reg.organisations:
                continue
            for tier in row.values():
                counts[tier] += 1
        return counts

    def unanswered(self) -> list[tuple[str, str]]:
        return [(who, tid) for who, row in self.table.items() for tid, tier in row.items() if tier == NONE]


def coverage(reg: Registry) -> Coverage:
    answers = Answers(reg)
    topics = sorted(reg.topics)
    return Coverage({who: {tid: answers.answer(who, tid).tier for tid in topics} for who in answers.choosers()})
