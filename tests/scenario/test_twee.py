"""Tests of the Twee 3 import: notation, links, the mapping to a scenario, and authors' errors."""
from pathlib import Path

import pytest
import yaml

from coachlab.content.datafile import DataFile
from coachlab.content.errors import CourseDataError
from coachlab.scenario.twee import (dump_yaml, import_twee_file, parse_header, parse_twee,
                                    read_passages, slugify, split_link)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "twee" / "interview.twee"

HEAD = """:: StoryTitle
Tiny talk

:: CoachLab
summary: A tiny test story.
objectives: [Ask open questions.]
dimensions: {trust: {label: Trust, description: How safe it feels.}}
characters: {sam: {name: Sam Rivera}}

"""
GO = '{"choices":{"Go":{"feedback":"Fine.","principle":"ICF 6 Listens actively"}}}'
BODY = f""":: Start {GO}
Hello.
[[Go->End]]

:: End [ending]
Debrief.
"""


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


def problems_of(text: str) -> list:
    with pytest.raises(CourseDataError) as e:
        parse_twee(text, "story.twee")
    return e.value.problems


# --- notation -------------------------------------------------------------------------------

def test_header_with_escapes_tags_and_metadata():
    """Are escaped brackets and backslashes in a name decoded, and tags and metadata split off?"""
    name, tags, meta, errors = parse_header(r':: A \[draft\] \{x\} back\\slash [t1 t2] {"a": 1}')
    assert (name, tags, meta, errors) == (r"A [draft] {x} back\slash", ["t1", "t2"], {"a": 1}, [])


@pytest.mark.parametrize("line, expected", [
    (":: Plain name", ("Plain name", [], {})),
    (":: Name [ending]", ("Name", ["ending"], {})),
    (':: Name {"position":"600,400"}', ("Name", [], {"position": "600,400"})),
    (":: Name[a  b]", ("Name", ["a", "b"], {})),
])
def test_header_parts_are_optional(line, expected):
    """Do headers without tags, without metadata, or without spaces parse as the spec says?"""
    name, tags, meta, errors = parse_header(line)
    assert (name, tags, meta) == expected and errors == []


@pytest.mark.parametrize("line, fragment", [
    (":: Bad ] name", "unescaped ']'"),
    (":: Name [open tags", "not closed with ']'"),
    (':: Name {"a": 1', "ends before it is closed"),
    (':: Name {"a": 1,}', "is not valid JSON"),
    (":: Name [t] junk", "unexpected text 'junk'"),
    ("::   ", "has no name"),
    (':: Name ["a"]', ""),  # a tag may look odd, but it is still a tag
])
def test_header_errors_are_named(line, fragment):
    """Does each malformed header give a message that says what is wrong?"""
    errors = parse_header(line)[3]
    if fragment:
        assert any(fragment in message for message, _ in errors), errors
        assert all(hint for _, hint in errors)
    else:
        assert errors == []


def test_bad_metadata_json_gives_its_column():
    """Does invalid metadata JSON name the column in the header line where it breaks?"""
    line = ':: Name {"a": tru}'
    message = parse_header(line)[3][0][0]
    assert f"column {line.index('tru') + 1}" in message


@pytest.mark.parametrize("inner, expected", [
    ("Target", ("Target", "Target")),
    ("Say hi|Target", ("Say hi", "Target")),
    ("Say hi->Target", ("Say hi", "Target")),
    ("Target<-Say hi", ("Say hi", "Target")),
    ("a->b->Target", ("a->b", "Target")),          # the rightmost ->
    ("Target<-a<-b", ("a<-b", "Target")),          # the leftmost <-
    ("a|b|Target", ("a|b", "Target")),             # the last |
    ("Say hi->Target][$x to 1", ("Say hi", "Target")),  # a setter is dropped
    ("  Say hi -> Target ", ("Say hi", "Target")),
])
def test_link_forms(inner, expected):
    """Are all four Twine link forms split into (text, target) the way Twine 2 does?"""
    assert split_link(inner) == expected


@pytest.mark.parametrize("name, slug", [
    ("Start", "start"), ("Ask — open?", "ask-open"), ("Café talk", "cafe-talk"),
    ("_hidden step", "hidden-step"), ("a_b-c", "a_b-c"),
])
def test_slugify(name, slug):
    """Does a passage name become a schema slug: lower case, no accents, one '-' per gap?"""
    assert slugify(name) == slug


def test_passages_keep_lines_and_drop_trailing_blank_lines():
    """Is each passage's header line kept, and its trailing blank lines dropped?"""
    passages, problems = read_passages(":: One\nfirst\n\n\n:: Two [x]\nsecond\n\n", "s.twee")
    assert [(p.name, p.line, p.body) for p in passages] == [("One", 1, ["first"]), ("Two", 5, ["second"])]
    assert problems == []


def test_a_byte_order_mark_is_not_stray_text():
    """Does a file saved with a UTF-8 byte order mark still start with its first passage?"""
    passages, problems = read_passages("\ufeff:: Start\nHi\n", "s.twee")
    assert [p.name for p in passages] == ["Start"] and problems == []


def test_text_before_the_first_header_is_a_problem():
    """Is stray text before the first '::' reported on its line?"""
    problems = read_passages("\nStart here\n:: Start\n", "s.twee")[1]
    assert [(p.line, "before the first passage" in p.message) for p in problems] == [(2, True)]


# --- story-level passages -------------------------------------------------------------------

def test_minimal_story_maps_to_a_scenario():
    """Does a tiny story give title, id, default role, nodes, choices and an ending?"""
    data = parse_twee(HEAD + BODY)
    assert data["title"] == "Tiny talk" and data["id"] == "tiny-talk"
    assert data["roles"] == {"learner": {"label": "Learner", "description": data["roles"]["learner"][
        "description"], "start": "start"}}
    assert data["nodes"]["start"]["choices"] == [{"id": "start-1", "text": "Go", "target": "end",
                                                  "feedback": "Fine.", "principle": "ICF 6 Listens actively"}]
    assert data["nodes"]["start"]["narration"] == "Hello."   # the link-only line is dropped
    assert data["nodes"]["end"] == {"title": "End", "ending": {"title": "End", "debrief": "Debrief."}}
    assert DataFile.parse(dump_yaml(data)).schema_problems("scenario") == []


def test_storydata_start_overrides_the_passage_named_start():
    """Does StoryData's "start" pick the start passage, and roles start there?"""
    text = HEAD + ':: StoryData\n{"ifid": "X", "start": "Intro"}\n\n' + BODY.replace("Start", "Intro")
    assert parse_twee(text)["roles"]["learner"]["start"] == "intro"


def test_declared_roles_take_passage_names_as_starts():
    """Can CoachLab declare roles whose start is a passage name, mapped to its node id?"""
    head = HEAD.replace("characters:", "roles: {coach: {label: Coach, description: You coach., "
                        "start: Start}}\ncharacters:")
    assert parse_twee(head + BODY)["roles"] == {
        "coach": {"label": "Coach", "description": "You coach.", "start": "start"}}


def test_special_passages_do_not_become_nodes():
    """Are script, stylesheet and story-format special passages left out of the nodes?"""
    text = HEAD + ":: StoryInit\n(set: $x to 1)\n\n:: Code [script]\nx()\n\n" + BODY
    assert set(parse_twee(text)["nodes"]) == {"start", "end"}


# --- passage content ------------------------------------------------------------------------

def test_speaker_lines_narration_and_inline_links():
    """Do '@id:' lines become lines, link-only lines vanish, and inline links leave their text?"""
    body = BODY.replace("Hello.\n[[Go->End]]", "Hello.\n\n@sam: Hi there.\nYou could [[Go->End]] now.")
    node = parse_twee(HEAD + body)["nodes"]["start"]
    assert node["narration"] == "Hello.\n\nYou could Go now."
    assert node["lines"] == [{"speaker": "sam", "text": "Hi there."}]
    assert [c["target"] for c in node["choices"]] == ["end"]


def test_ending_text_splits_at_a_rule_into_narration_and_debrief():
    """In an ending, is the text above '---' the narration and the text below it the debrief?"""
    body = BODY.replace("Debrief.", "Sam leaves.\n---\nWhat it shows.").replace(
        ":: End [ending]", ':: End [ending] {"ending": {"title": "Done", "principles": ["SBI"]}}')
    node = parse_twee(HEAD + body)["nodes"]["end"]
    assert node["narration"] == "Sam leaves."
    assert node["ending"] == {"title": "Done", "debrief": "What it shows.", "principles": ["SBI"]}


def test_choice_metadata_is_found_by_target_and_from_coachlab_passages():
    """Is choice metadata matched by target name too, and read from CoachLab 'passages'?"""
    head = HEAD.replace("characters:", "passages: {Start: {choices: {End: {id: go-on, feedback: Good., "
                        "principle: SBI, effects: {trust: 2}}}}}\ncharacters:")
    choice = parse_twee(head + BODY.replace(f" {GO}", ""))["nodes"]["start"]["choices"][0]
    assert choice == {"id": "go-on", "text": "Go", "target": "end", "effects": {"trust": 2},
                      "feedback": "Good.", "principle": "SBI"}


# --- the fixture story ----------------------------------------------------------------------

def test_fixture_story_round_trips_into_a_valid_scenario():
    """Does the interview fixture become a scenario that passes the schema after a YAML round trip?"""
    data = parse_twee(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    text = dump_yaml(data)
    assert yaml.safe_load(text) == data
    assert DataFile.parse(text, "interview.yaml").schema_problems("scenario") == []
    endings = [n for n in data["nodes"].values() if "ending" in n]
    assert len(endings) >= 3
    start = data["nodes"]["start"]["choices"]
    assert [c["id"] for c in start] == ["start-1", "start-2", "take-over"]
    assert start[0]["effects"] == {"trust": 1, "ownership": 1}
    assert data["nodes"]["options"]["choices"][0]["principle"] == "GROW: Will"   # from CoachLab passages
    assert "narration" not in data["nodes"]["explore"]   # '- [[link]]' bullet lines are links only


def test_dumped_yaml_is_block_style_in_schema_order():
    """Is the YAML block style, top-level keys in schema order, long text folded?"""
    text = dump_yaml(parse_twee(FIXTURE.read_text(encoding="utf-8")))
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line[0].isspace()
            and not line.startswith("-")]
    assert keys == ["schema_version", "id", "title", "summary", "source", "objectives", "dimensions",
                    "characters", "roles", "nodes"]
    assert "summary: >-" in text and "{" not in text.split("nodes:")[1].split("\n")[1]


def test_import_writes_a_file_the_validator_accepts(tmp_path):
    """Does import_twee_file write YAML beside the source that the scenario validator accepts?"""
    src = tmp_path / "interview.twee"
    src.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    out = import_twee_file(src)
    assert out == tmp_path / "stalled-migration.yaml" and out.read_text(encoding="utf-8").startswith("# Made by")
    from coachlab.scenario.validate import check_file
    assert check_file(out) == []


def test_import_reports_what_the_scenario_validator_finds(tmp_path):
    """Does a story that imports but breaks a scenario rule fail with problems naming the YAML?"""
    src = tmp_path / "story.twee"
    src.write_text(HEAD + BODY.replace('"principle"', '"effects":{"trust":9},"principle"'), encoding="utf-8")
    with pytest.raises(CourseDataError) as e:
        import_twee_file(src)
    [problem] = e.value.problems
    assert problem.file.endswith("tiny-talk.yaml") and "outside -5 to 5" in problem.message and problem.line


def test_import_of_a_broken_story_writes_nothing(tmp_path):
    """Does a broken story fail before any YAML file is written?"""
    src = tmp_path / "broken.twee"
    src.write_text(HEAD + BODY.replace("[[Go->End]]", "[[Go->Nowhere]]"), encoding="utf-8")
    with pytest.raises(CourseDataError) as e:
        import_twee_file(src, tmp_path / "out.yaml")
    assert e.value.problems[0].file == str(src) and not (tmp_path / "out.yaml").exists()


# --- authors' errors, each on its line ------------------------------------------------------

BROKEN = [
    ("link to a missing passage", BODY.replace("[[Go->End]]", "[[Go->Ned]]"), "[[Go->Ned]]",
     "no such passage", "'End'"),
    ("bad metadata JSON", BODY.replace(GO, '{"choices": tru}'), ":: Start", "not valid JSON", "JSON"),
    ("unterminated metadata", BODY.replace(GO, GO[:-1]), ":: Start", "ends before it is closed", "JSON"),
    ("unknown speaker", BODY.replace("Hello.", "@max: Hi."), "@max", "unknown speaker '@max'", "sam"),
    ("choice without feedback", BODY.replace('"feedback":"Fine.",', ""), "[[Go", "has no feedback",
     "feedback"),
    ("dead end", BODY.replace(":: End [ending]", ":: End"), ":: End", "no links and is not tagged",
     "[ending]"),
    ("links in an ending", BODY.replace("Debrief.", "Debrief. [[Again->Start]]"), "[[Again",
     "ending passage 'End' has links", "remove"),
    ("slug collision", BODY + "\n:: end\n[[Go->End]]\n", ":: end\n", "both become node id 'end'", "rename"),
    ("duplicate name", BODY + "\n:: End [ending]\nAgain.\n", ":: End [ending]\nAgain", "used twice", "own"),
    ("unclosed link", BODY.replace("[[Go->End]]", "[[Go->End]] [[Go on"), "[[Go on", "not closed", "]]"),
    ("unknown dimension", BODY.replace('"principle"', '"effects":{"trsut":1},"principle"'), "[[Go",
     "'trsut', which is not a declared dimension", "trust"),
    ("unreachable passage", BODY + "\n:: Aside [ending]\nNobody comes here.\n", ":: Aside",
     "cannot be reached", "link to it"),
    ("stray choice metadata", BODY.replace('"Go":', '"Goo":'), ":: Start", "'Goo'", "exact link text"),
]


@pytest.mark.parametrize("label, body, at, fragment, hint", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_story_names_file_line_and_fix(label, body, at, fragment, hint):
    """Does each broken story fail with a problem on the right line of the .twee, with a fix?"""
    text = HEAD + body
    found = [p for p in problems_of(text) if fragment in p.message]
    assert found, [str(p) for p in problems_of(text)]
    assert found[0].file == "story.twee"
    assert found[0].line == line_of(text, at)
    assert hint in found[0].hint


def test_storydata_that_is_not_json_is_reported_on_its_line():
    """Does a JSON error inside StoryData point at the line of the StoryData body where it is?"""
    text = HEAD + ':: StoryData\n{\n  "ifid": "X",\n  "start": Start\n}\n\n' + BODY
    [problem] = [p for p in problems_of(text) if "StoryData" in p.message]
    assert problem.line == line_of(text, '"start": Start')


def test_no_start_passage_and_no_coachlab_are_reported():
    """Without a Start passage or a CoachLab passage, are both problems reported at once?"""
    text = ":: StoryTitle\nT\n\n" + BODY.replace(":: Start", ":: Begin")
    messages = [p.message for p in problems_of(text)]
    assert any("no start passage" in m for m in messages)
    assert any("no CoachLab passage" in m for m in messages)


def test_all_problems_are_reported_together():
    """Are several independent problems reported in one error, sorted by line?"""
    text = HEAD + BODY.replace("[[Go->End]]", "[[Go->Ned]]\n@max: Hi.").replace(":: End [ending]", ":: End")
    problems = problems_of(text)
    assert len(problems) >= 3
    assert [p.line for p in problems] == sorted(p.line for p in problems)


# --- Twee 3 details: line breaks, web links, Twee 2 positions, shared metadata ------------------

def test_only_lf_and_crlf_break_lines():
    """Is U+2028 or a form feed inside a passage text, not a new line (no fake passage, no drift)?"""
    text = (HEAD + BODY).replace("Hello.", "Hello.\u2028:: Fake\x0cstill hello").replace("\n", "\r\n")
    passages, problems = read_passages(text, "story.twee")
    assert [p.name for p in passages] == ["StoryTitle", "CoachLab", "Start", "End"] and not problems
    assert passages[2].body[0] == "Hello.\u2028:: Fake\x0cstill hello"
    assert passages[3].line == line_of(HEAD + BODY, ":: End")


def test_twee2_position_blocks_are_accepted():
    assert parse_header(":: Ask [a b] <600,400>")[:3] == ("Ask", ["a", "b"], {})
    assert parse_header(":: Ask <12,34>")[:3] == ("Ask", [], {})


def test_web_links_are_not_choices_but_warned():
    warnings = []
    text = HEAD + BODY.replace("[[Go->End]]", "[[Go->End]] [[Read more->https://example.org/x]]")
    data = parse_twee(text, "story.twee", warnings=warnings)
    assert [c["target"] for c in data["nodes"]["start"]["choices"]] == ["end"]
    [w] = warnings
    assert w.line == line_of(text, "[[Read more") and "web address 'https://example.org/x'" in w.message


def test_metadata_shared_by_two_links_is_warned():
    warnings = []
    meta = '{"choices":{"End":{"feedback":"Fine.","principle":"SBI"}}}'
    text = HEAD + f":: Start {meta}\nHello.\n[[Go->End]]\n[[Leave->End]]\n\n:: End [ending]\nDebrief.\n"
    data = parse_twee(text, "story.twee", warnings=warnings)
    assert len(data["nodes"]["start"]["choices"]) == 2
    [w] = warnings
    assert w.line == line_of(text, "[[Leave") and "applies to two links" in w.message


def test_id_defaults_to_the_output_name_and_no_overwrite(tmp_path):
    src = tmp_path / "story.twee"
    src.write_text(HEAD + BODY, encoding="utf-8")
    out = import_twee_file(src, tmp_path / "tiny_talk.yaml")
    assert yaml.safe_load(out.read_text())["id"] == "tiny_talk"
    with pytest.raises(CourseDataError) as e:
        import_twee_file(src, src)
    assert "overwrite the Twee source" in e.value.problems[0].message
    assert src.read_text(encoding="utf-8") == HEAD + BODY
