"""Helpers of the debrief tests: a cohort of jerome_case with known answers, and reading the report."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from coachlab.debrief.sources import load_assignment
from synthetic_cohort import answers_records, write_gradebook, write_submission

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT, SCENARIO, REFLECTION = "jerome_case", "jerome_backlash", "peer-lens"
NOTEBOOK = REPO / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SALT = b"debrief-tests-salt-0123456789"

# Learner ids and names are unusual words, so that a test can tell whether they leak anywhere.
ANA, BEN, CY, DEE, EVE, FAY, GUS, HAL = ("ana-kowzel", "ben-trumpf", "cy-vandrel", "dee-moskar", "eve-lindqvar",
                                         "fay-oburnik", "gus-pellacot", "hal-zimbrat")
NAMES = {ANA: ("Ana", "Kowzelmann"), BEN: ("Ben", "Trumpfelder"), CY: ("Cy", "Vandrelsson"), DEE: ("Dee", "Moskarova"),
         EVE: ("Eve", "Lindqvarsen"), FAY: ("Fay", "Oburnikova"), GUS: ("Gus", "Pellacotti"), HAL: ("Hal", "Zimbratter")}
RIGHT = {"reading-the-case": {"same-pattern": ["impact"], "reading-people": ["astuteness"],
                              "same-rules": ["corridor", "mixed-signals"], "stakeholder-grid": ["manage-closely"]},
         "debrief": {"sbi-opening": ["sbi"], "coach-question": ["what-matters"],
                     "next-call": ["involve-early", "share-credit"]}}
CEO = ["j-ask-ceo-to-step-in", "j-accept-ceo-backing"]
QUIET = ["j-keep-head-down", "j-brush-off-nadia"]


def with_answer(check: str, question: str, options: list[str]) -> dict:
    answers = json.loads(json.dumps(RIGHT))
    answers[check][question] = options
    return answers


def reflection(learner: str) -> dict:
    return {"analysis": f"REFLECTION-MARK-{learner}-analysis: his peers felt overtaken.",
            "conclusion": f"REFLECTION-MARK-{learner}-conclusion", "action": f"REFLECTION-MARK-{learner}-action"}


# What each learner did (see build_cohort for the files).
PLAYS = {
    ANA: [("jerome", CEO + ["j-volunteer-solo"])],                      # ending: winning alone
    BEN: [("jerome", CEO + ["j-consult-peers-first"])],                 # ending: open door
    CY: [("jerome", QUIET + ["j-consult-peers-first"])],                # ending: open door
    DEE: [("jerome", CEO + ["j-hold-back"]),                            # ending: playing small
          ("coach", ["c-reassure", "c-give-strategy", "c-finish-with-advice"])],  # ending: advice given
    EVE: [("jerome", QUIET)],                                           # no ending yet
}
CHECKS = {ANA: RIGHT, BEN: with_answer("reading-the-case", "same-pattern", ["networking"]),
          CY: with_answer("reading-the-case", "same-pattern", ["networking"]),
          DEE: with_answer("reading-the-case", "same-pattern", ["too-safe"]),
          EVE: {"reading-the-case": {"same-pattern": ["impact"]}}}
RUBRIC = {ANA: 4.0, BEN: 2.0, CY: 3.0, DEE: None, EVE: 1.0, FAY: 0.0, GUS: None}
DUE = datetime(2025, 3, 14, 17, 0)
LATE = {BEN}
CELLS = [("mark-reading-the-case", 4.0, False), ("mark-roleplay-jerome-backlash", 2.0, False),
         ("mark-debrief", 3.0, False), ("rubric-peer-lens", 4.0, True)]


def build_cohort(root: Path, *, config: bool = True) -> Path:
    """A course folder of eight learners of jerome_case with known answers.

    ana, ben, cy, dee: complete (dee also played the coach); eve: partial (one question, no ending);
    fay: corrupt answers file; gus: no answers file and a corrupt notebook; hal: on the roster, never submitted.
    ben submitted late; dee's and gus's reflections are not graded yet.
    """
    data = load_assignment(root, ASSIGNMENT)
    submitted = root / "submitted"
    for learner in (ANA, BEN, CY, DEE, EVE):
        records = answers_records(data.scenarios, {SCENARIO: PLAYS[learner]}, CHECKS[learner],
                                  {REFLECTION: reflection(learner)})
        write_submission(submitted / learner / ASSIGNMENT, records, notebook=NOTEBOOK)
    fay = write_submission(submitted / FAY / ASSIGNMENT, None, notebook=NOTEBOOK)
    (fay / "coachlab_answers.json").write_text('{"schema": 1, "records": {"check/deb', encoding="utf-8")
    gus = write_submission(submitted / GUS / ASSIGNMENT, None, notebook=None)
    (gus / NOTEBOOK.name).write_text("{ not a notebook", encoding="utf-8")
    subs = {}
    for learner in (ANA, BEN, CY, DEE, EVE, FAY, GUS):
        stamp = datetime(2025, 3, 15, 9, 0) if learner in LATE else datetime(2025, 3, 14, 9, 0)
        grades = {"rubric-peer-lens": RUBRIC[learner], "mark-reading-the-case": 1.0,
                  "mark-roleplay-jerome-backlash": 2.0, "mark-debrief": 3.0}
        subs[learner] = {"timestamp": stamp, "grades": grades}
    write_gradebook(root / "gradebook.db", ASSIGNMENT, ASSIGNMENT, CELLS, NAMES, subs, duedate=DUE)
    if config:
        (root / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            f"c.CourseDirectory.source_directory = {str(REPO / 'solutions')!r}\n"
            f"c.CourseDirectory.release_directory = {str(REPO / 'exercises')!r}\n", encoding="utf-8")
    return root


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in_caption = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell += data


def tables(page: str) -> list[dict]:
    """Every table of an HTML page: {"caption": text, "rows": [[cell text, ...], ...]} (header row first)."""
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def table(page: str, caption_start: str) -> list[list[str]]:
    """The body rows of the one table whose caption starts with *caption_start*."""
    found = [t for t in tables(page) if t["caption"].startswith(caption_start)]
    assert len(found) == 1, f"{len(found)} tables captioned {caption_start!r}: {[t['caption'] for t in tables(page)]}"
    return found[0]["rows"][1:]


def page_text(page: str) -> str:
    """The visible text of a page, tags dropped and entities decoded (images' data left out)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
