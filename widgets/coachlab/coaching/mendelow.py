"""Mendelow's power × interest grid as rules: which quadrant a stakeholder falls in, in words.

Power and interest are rated 1 to 5; 3 is the middle line. A stakeholder on the line is counted
on the higher side (when in doubt, give them more attention), and :func:`placement` says it sits on
the line, so the learner can weigh which side fits better.
"""
from __future__ import annotations

LOW, HIGH, MIDDLE = 1, 5, 3
QUADRANTS = {(True, True): "Manage closely", (True, False): "Keep satisfied",
             (False, True): "Keep informed", (False, False): "Monitor"}
LEVELS = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}


def quadrant(power: int, interest: int) -> str:
    """The quadrant of a stakeholder: Manage closely, Keep satisfied, Keep informed or Monitor."""
    return QUADRANTS[(power >= MIDDLE, interest >= MIDDLE)]


def placement(power: int | None, interest: int | None) -> str:
    """The quadrant in words, noting a point on a middle line; "not placed yet" without both ratings."""
    if power is None or interest is None:
        return "not placed yet (choose power and interest)"
    name = quadrant(power, interest)
    near = {quadrant(p, i) for p in ({power, MIDDLE - 1} if power == MIDDLE else {power})
            for i in ({interest, MIDDLE - 1} if interest == MIDDLE else {interest})} - {name}
    if not near:
        return name
    if len(near) == 1:
        return f"{name} (on the line with {near.pop()})"
    *rest, last = sorted(near)
    return f"{name} (at the centre, touching {', '.join(rest)} and {last})"
