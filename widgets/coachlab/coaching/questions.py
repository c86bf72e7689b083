"""Question types for the "rewrite a telling statement as a coaching question" practice.

Rules only (no HTML, no ipywidgets): the Rewrite widget, the lesson data checks and grading all use it;
``coachlab.views.questions_html`` shows a review.

The heuristics are deliberately simple and are described to the learner as a rough guide, never
a grade (question types as in Coaching Lab's course notes: open, closed, leading):

1. Text is normalised: trimmed, lower-cased, curly quotes made straight, and a leading filler word
   ("so", "and", "but", "okay", "ok", "well", "now") dropped.
2. **Leading** when it contains a phrase that presupposes the answer or slips in advice:
   "don't you think", "wouldn't it", "shouldn't you", "isn't it", "surely", "why don't you",
   "why not", "have you considered", "have you thought about", "wouldn't you agree", ...
3. **Not a question** when it neither ends with "?" nor starts with an open word (below), so
   "Do it." is an instruction while "Tell me more." and "What would help" are questions.
4. **Open** when it starts with what / how / which / where / who / when / why / "tell me",
   "describe", "talk me through", or a polite request for an account ("Could you tell me…",
   "Can you describe…"), or when a later clause does ("If it worked, what would you see?",
   "Looking at this week, where do you want to put your time, and why there?"). A clause that
   starts "when" or "where" and then a subject ("When you met him, did you ask?") sets the scene
   and is not the question itself.
   A "why" question is open, but :func:`review_question` adds a note that it can sound like
   blame and that "what" often serves better.
5. **Closed** when it starts with an auxiliary verb (do, does, did, is, are, was, were, can,
   could, will, would, should, have, has, had, may, might, shall, must, am), or is any other
   sentence ending in "?" ("You finished it?" asks for a yes or a no).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_STARTS = ("what", "how", "which", "where", "who", "whom", "whose", "when", "why")
OPEN_PHRASES = ("tell me", "describe", "talk me through", "walk me through", "say more", "help me understand")
# A polite request for an account is open, although it starts like a yes/no question.
POLITE_OPEN = re.compile(r"^(can|could|would|will) you (please )?(tell me|describe|say more|walk me through|"
                         r"talk me through|help me understand|share|explain)\b")
CLOSED_STARTS = ("do", "does", "did", "is", "are", "am", "was", "were", "can", "could", "will", "would",
                 "should", "have", "has", "had", "may", "might", "shall", "must", "don't", "doesn't", "didn't",
                 "isn't", "aren't", "won't", "can't", "couldn't")
LEADING_PHRASES = ("don't you think", "do you not think", "wouldn't it", "wouldn't you", "shouldn't you",
                   "isn't it", "aren't you", "surely", "why don't you", "why not", "have you considered",
                   "have you thought about", "wouldn't you agree", "don't you agree", "isn't that",
                   ", right?", ", correct?", ", agreed?", ", yes?")
FILLERS = ("so", "and", "but", "okay", "ok", "well", "now")
# After "when" or "where", a subject starts a time or place clause ("When you met him, …"), not a question.
SUBJECTS = ("i", "you", "we", "he", "she", "they", "it", "the", "this", "that", "my", "your", "our", "their")


def _normalise(text: str) -> str:
    t = re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()
    words = t.split(" ", 1)
    if len(words) == 2 and words[0].strip(",") in FILLERS:
        t = words[1].lstrip(", ")
    return t


def _first_word(t: str) -> str:
    m = re.match(r"[a-z']+", t)
    return m.group(0) if m else ""


def _has(t: str, phrase: str) -> bool:
    # Whole words only: "surely" must not fire inside "unsurely"; ", right?" is a tag question.
    before = r"(?<![a-z'])" if phrase[0].isalpha() else ""
    after = r"(?![a-z'])" if phrase[-1].isalpha() else ""
    return re.search(before + re.escape(phrase) + after, t) is not None


def classify_question(text: str) -> str:
    """The type of a question: "open", "closed", "leading" or "not a question" (see the module notes)."""
    t = _normalise(text)
    if not t:
        return "not a question"
    if any(_has(t, p) for p in LEADING_PHRASES):
        return "leading"
    if any(t.startswith(p) for p in OPEN_PHRASES) or POLITE_OPEN.match(t):
        return "open"
    kinds = [k for k in map(_clause_kind, _clauses(t)) if k]
    if kinds and kinds[0] == "open":
        return "open"
    if kinds and "open" in kinds[1:]:  # "Thinking of Friday, what would help?" / "Do you see, how…"
        return "open"
    if not t.endswith("?"):  # "Do it." is an instruction; "What would help" is still a question
        return "not a question"
    return "closed"


def _clauses(t: str) -> list[str]:
    """The clauses of a sentence, each without a leading "and", "or", "but" or "so"."""
    parts = re.split(r"\s*[,;:\u2013\u2014]\s*|\s+-\s+|[.?!]\s+", t)
    return [re.sub(r"^(and|or|but|so|then)\s+", "", p).strip() for p in parts if p.strip()]


def _clause_kind(clause: str) -> str | None:
    """"open" or "closed" for a clause that asks, None for one that does not ("when you met him")."""
    words = re.findall(r"[a-z']+", clause)
    if not words:
        return None
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in OPEN_STARTS:
        # "When you met him, did you ask?": a time or place clause, not the question itself
        return None if first in ("when", "where") and second in SUBJECTS else "open"
    return "closed" if first in CLOSED_STARTS else None


@dataclass(frozen=True)
class Review:
    """A question's type with short notes for the learner."""

    kind: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def good(self) -> bool:
        """True for an open question (the kind a coaching leader mostly asks)."""
        return self.kind == "open"


_VERDICT = {
    "open": "✔ Open question: it invites the other person to explore and decide.",
    "closed": "✘ Closed question: it can be answered with yes, no or a fact. Try starting with “What” or “How”.",
    "leading": "✘ Leading question: it suggests the answer you expect, so it is still telling. "
               "Ask what they see, without your solution inside the question.",
    "not a question": "✘ Not a question yet: it reads as a statement. Turn it into a question the other person answers.",
}


def review_question(text: str) -> Review:
    """:func:`classify_question` plus notes: a "why" opening, several questions at once, a long question."""
    kind = classify_question(text)
    notes = [_VERDICT[kind]]
    t = _normalise(text)
    if kind == "open" and _first_word(t) == "why":
        notes.append("Note: “Why” can sound like blame and make people defend themselves; "
                     "“What” often serves better (e.g. “What led to…?”).")
    if t.count("?") > 1:
        notes.append(f"You ask {t.count('?')} questions at once; ask one at a time and let them answer.")
    if len(t.split()) > 30:
        notes.append("It is long; a short, clear question is easier to answer.")
    return Review(kind, tuple(notes))
