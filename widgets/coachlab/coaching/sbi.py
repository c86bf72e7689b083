"""Checks for SBI feedback (Center for Creative Leadership): Situation, Behaviour, Impact.

Pure Python (no ipywidgets): the SBIComposer widget shows these findings, and grading can too.
The checks are simple word rules, offered as a second pair of eyes, not a verdict:

* a part that is empty is **missing**; one under ``MIN_WORDS`` words is **vague**;
* a **judgement** word (``JUDGEMENT_WORDS`` plus the lesson's own) anywhere, matched as a whole
  word and case-insensitively: "political" is found in "Political," but not in "geopolitical"
  nor in "politically" (which is on the list in its own right);
* in the behaviour, a guess at **intent** ("wanted to", "on purpose", ...) is a judgement too:
  describe what you saw, then ask about intent;
* a **generalisation** ("always", "never", "every time", ...) anywhere;
* a situation with no time or place words is **vague** (a soft hint: anchor it);
* an impact that names no effect on someone ("I", "we", "the team", "the client", "felt",
  "meant", "led to", "result", ...) is **vague** (a soft hint: say what it did).

A part with none of these gets one **ok** finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .questions import classify_question

PARTS = ("situation", "behaviour", "impact")
MIN_WORDS = 4

JUDGEMENT_WORDS = (
    "lazy", "laziness", "political", "politically", "sloppy", "careless", "carelessly", "arrogant",
    "arrogance", "unprofessional", "aggressive", "aggressively", "rude", "rudely", "selfish", "hungry for",
    "show-off", "show off", "showing off", "showed off", "self-promoting", "self-promotion", "bossy",
    "pushy", "incompetent", "disrespectful", "defensive", "manipulative", "attention-seeking",
    "egotistical", "inconsiderate", "irresponsible", "useless", "hopeless", "negative attitude",
    "bad attitude", "not a team player", "lack of commitment", "uncommitted", "disengaged", "stubborn",
    "overreacted", "overreacting",
)
GENERALISATIONS = ("always", "never", "every time", "all the time", "constantly", "continually",
                   "each time", "every single", "whenever", "forever", "nobody")
# Guesses at why someone acted: a motive is not observable, so it belongs in the question about intent.
INTENT_GUESSES = ("wanted to", "meant to", "on purpose", "deliberately", "intentionally", "just to",
                  "didn't care", "doesn't care", "did not care", "does not care", "couldn't care",
                  "to look good", "to make himself look", "to make herself look", "to make themselves look",
                  "to make me look", "to make us look", "to show off", "to impress", "to get noticed",
                  "to get attention", "to take credit", "to get credit", "to score points", "to undermine",
                  "to get back at", "to prove a point", "to make a point", "in order to", "so that he could",
                  "so that she could", "so that they could", "trying to", "tried to get", "because he wants",
                  "because she wants", "because they want", "for the glory", "for his own", "for her own")
ANCHORS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|tomorrow",
    r"morning|afternoon|evening|week|month|quarter|year|day|hour|minutes?|deadline",
    r"january|february|march|april|june|july|august|september|october|november|december",  # not "may"
    r"meeting|call|review|stand-?up|workshop|presentation|demo|kick-?off|retro(spective)?|session|interview",
    r"one-to-one|1:1|lunch|conference|launch|email|slack|teams|chat|thread",
    r"office|room|site|floor|desk|canteen|kitchen|corridor|hallway|board",
    r"when|during|while|after|before|last|earlier|ago|since",
    r"\d{1,2}(:\d\d)?\s*(am|pm)|\d{1,2}:\d\d|\d{1,2}(st|nd|rd|th)|\d{4}",
)
EFFECTS = (
    r"i|i'm|i've|i'd|me|my|we|we're|we've|us|our",
    r"the (team|client|customer|group|board|peers?|colleagues?|others|rest)",
    r"felt|feel|feels|feeling|meant|means|led|leads|result|results|resulted|caused|causes|made|makes",
    r"lost|missed|delayed|cost|had to|impact|affected|effect|consequence|so that|as a result|therefore",
    r"worried|confused|frustrated|surprised|excluded|embarrassed|upset|relieved|pleased",
)
_ANCHOR = re.compile(r"\b(" + "|".join(ANCHORS) + r")\b", re.IGNORECASE)
_EFFECT = re.compile(r"(?<![\w'])(" + "|".join(EFFECTS) + r")(?![\w'])", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One remark on one part: kind is "missing", "judgement", "generalisation", "vague" or "ok"."""

    part: str
    kind: str
    message: str
    word: str = ""

    @property
    def ok(self) -> bool:
        """True for a part that passed every check."""
        return self.kind == "ok"

    def to_dict(self) -> dict:
        """The finding as plain JSON data (for the answer store)."""
        return {"part": self.part, "kind": self.kind, "message": self.message, "word": self.word}


def _normal(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def find_words(text: str, words) -> list[str]:
    """Which of *words* (or phrases) occur in *text* as whole words, case-insensitively, in list order.

    A hyphen or apostrophe counts as part of a word, so "show-off" is not found in "show-offs"
    and "never" is not found in "nevertheless".
    """
    text = _normal(text)
    found = []
    for word in words:
        pattern = r"(?<![\w'-])" + r"\s+".join(re.escape(p) for p in word.split()) + r"(?![\w'-])"
        if re.search(pattern, text, re.IGNORECASE) and word.lower() not in found:
            found.append(word.lower())
    return found


def _without_overlaps(text: str, words: list[str]) -> list[str]:
    """Of phrases found in *text*, those not inside an earlier one ("wanted to look good" is one guess)."""
    spans = []
    for word in words:
        m = re.search(r"\s+".join(re.escape(p) for p in word.split()), text, re.IGNORECASE)
        if m:
            spans.append((m.start(), -m.end(), word))
    taken: list[tuple[int, int]] = []
    kept = []
    for start, neg_end, word in sorted(spans):  # leftmost first, the longer of two at one place
        if not any(start < end and s < -neg_end for s, end in taken):
            taken.append((start, -neg_end))
            kept.append(word)
    return kept


def check_sbi(situation: str, behaviour: str, impact: str, extra_words=()) -> list[Finding]:
    """Findings on an SBI statement, part by part in S, B, I order (see the module notes)."""
    generalisations = set(GENERALISATIONS)
    judgement = [w for w in dict.fromkeys([*JUDGEMENT_WORDS, *(x.strip().lower() for x in extra_words if x.strip())])
                 if w not in generalisations]
    texts = {"situation": situation or "", "behaviour": behaviour or "", "impact": impact or ""}
    findings: list[Finding] = []
    for part in PARTS:
        text = texts[part].strip()
        label = part.capitalize()
        if not text:
            findings.append(Finding(part, "missing", f"{label} is missing. {_ASK[part]}"))
            continue
        mine: list[Finding] = []
        if len(text.split()) < MIN_WORDS:
            mine.append(Finding(part, "vague", f"{label} is very short. {_ASK[part]}"))
        for word in find_words(text, judgement):
            mine.append(Finding(part, "judgement", f"{label} uses the judgement word “{word}”. Describe what "
                                "someone could have seen or heard instead.", word))
        if part == "behaviour":
            for word in _without_overlaps(text, find_words(text, INTENT_GUESSES)):
                mine.append(Finding(part, "judgement", f"Behaviour guesses at intent (“{word}”). Say what they "
                                    "did, then ask about their intent.", word))
        for word in find_words(text, GENERALISATIONS):
            mine.append(Finding(part, "generalisation", f"{label} generalises with “{word}”. Speak about one "
                                "occasion; a generalisation invites an argument about the exceptions.", word))
        if part == "situation" and not _ANCHOR.search(text):
            mine.append(Finding(part, "vague", "Situation has no time or place. Anchor it: when and where "
                                "did it happen (e.g. “In Tuesday's project review…”)?"))
        if part == "impact" and not _EFFECT.search(_normal(text)):
            mine.append(Finding(part, "vague", "Impact does not say what it did to someone. Say the effect on "
                                "you, the team or the client (e.g. “I felt…”, “it meant the team…”)."))
        findings += mine or [Finding(part, "ok", f"{label}: {_OK[part]}")]
    return findings


def check_intent(question: str) -> list[Finding]:
    """A soft hint on the optional "then ask about intent" question; empty when it is open or left out."""
    if not question.strip():
        return []
    kind = classify_question(question)
    if kind == "open":
        return [Finding("intent", "ok", "Intent: an open question that invites their side of the story.")]
    return [Finding("intent", "vague", f"Intent: this reads as {'a ' if kind != 'not a question' else ''}{kind}. "
                    "An open question (“What were you aiming for…?”) invites their side.")]


_ASK = {"situation": "Say when and where it happened.",
        "behaviour": "Describe what the person said or did, as a camera would have recorded it.",
        "impact": "Say what effect it had on you, the team or the work."}
_OK = {"situation": "anchored and free of judgement.", "behaviour": "observable and free of judgement.",
       "impact": "states an effect, free of judgement."}
