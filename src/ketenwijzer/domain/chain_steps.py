"""The chain as numbered steps, from the phases and their ``next`` links.

A step holds the phases at the same distance from the start of the chain, so
branches ("permit" or "rejection") share one step as alternatives. Phases that
no path reaches (or that sit on a loop) follow in their ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketenwijzer.domain.registry import Registry


@dataclass(frozen=True)
class Step:
    number: int
    phases: tuple[str, ...]  # alternatives, in their ``order``


def steps(reg: Registry) -> list[Step]:
    order = {pid: reg.phases[pid].order for pid in reg.phases}
    targets = {n for phase in reg.phases.values() for n in phase.next}
    roots = [pid for pid in reg.sorted_phases() if pid not in targets]
    depth: dict[str, int] = {}
    frontier = [(pid, 0) for pid in roots]
    # longest distance from a root, bounded by the number of phases so a loop ends
    while frontier:
        pid, d = frontier.pop()
        if d >= len(reg.phases) or depth.get(pid, -1) >= d:
            continue
        depth[pid] = d
        frontier.extend((n, d + 1) for n in reg.phases[pid].next if n in reg.phases)
    levels: dict[int, list[str]] = {}
    for pid, d in depth.items():
        levels.setdefault(d, []).append(pid)
    result = [tuple(sorted(levels[d], key=order.__getitem__)) for d in sorted(levels)]
    rest = [pid for pid in reg.sorted_phases() if pid not in depth]
    result += [(pid,) for pid in rest]
    return [Step(n, phases) for n, phases in enumerate(result, 1)]


def step_of(reg: Registry) -> dict[str, int]:
    """{phase id: step number}."""
    return {pid: step.number for step in steps(reg) for pid in step.phases}
