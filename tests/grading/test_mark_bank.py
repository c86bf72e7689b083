"""Does the comment bank keep comments across sessions and tabs, and never lose a damaged file?"""
import json

import pytest

from coachlab.grading.mark_bank import BankError, Comment, CommentBank, bank_path


@pytest.fixture
def bank(tmp_path):
    return CommentBank(bank_path(tmp_path, "jerome_case"))


def test_comments_are_added_reused_edited_and_deleted_by_key(bank, tmp_path):
    """Is a comment kept under its key in the course folder, and can it be edited, renamed and deleted?"""
    bank.put("both-views", "You weigh Jerome's and his peers' views.")
    bank.put("next-step", "Next: name one peer to involve.")
    assert bank.path == tmp_path / ".coachlab" / "comment-bank-jerome_case.json"
    assert CommentBank(bank.path).comments() == [Comment("both-views", "You weigh Jerome's and his peers' views."),
                                                 Comment("next-step", "Next: name one peer to involve.")]
    bank.put("two-views", "Two views, well weighed.", replaces="both-views")
    assert [c.key for c in bank.comments()] == ["two-views", "next-step"]
    assert bank.delete("next-step") == [Comment("two-views", "Two views, well weighed.")]
    assert not list(bank.path.parent.glob("*.tmp"))


@pytest.mark.parametrize("key, text, replaces, why", [
    ("", "x", None, "not usable"), ("has space", "x", None, "not usable"), ("-dash", "x", None, "not usable"),
    ("k" * 41, "x", None, "not usable"), ("ok", "   ", None, "empty"), ("ok", "x" * 4001, None, "4000"),
    ("taken", "x", None, "exists already"), ("new", "x", "gone", "no comment 'gone'"),
])
def test_a_comment_that_cannot_be_kept_is_refused_with_the_reason(bank, key, text, replaces, why):
    """Is a bad key, an empty or huge text, a taken key or a vanished comment refused, saying why?"""
    bank.put("taken", "first")
    with pytest.raises(BankError, match=why):
        bank.put(key, text, replaces=replaces)
    assert bank.comments() == [Comment("taken", "first")]


def test_two_tabs_do_not_lose_each_others_comments(bank):
    """Does each change re-read the file, so a second tab's comment survives the first tab's?"""
    other = CommentBank(bank.path)
    bank.comments(), other.comments()  # both tabs have loaded the (empty) bank
    bank.put("a", "from the first tab")
    other.put("b", "from the second tab")
    assert [c.key for c in bank.comments()] == ["a", "b"]


def test_a_damaged_bank_is_set_aside_and_named_never_overwritten(bank):
    """Is a damaged bank file moved aside (named in the notice) before a new bank is started?"""
    bank.path.parent.mkdir(parents=True)
    bank.path.write_text('{"schema": 1, "comments": [{"key": "a", "te')
    assert bank.comments() == []
    [aside] = bank.path.parent.glob("comment-bank-jerome_case.json.damaged-*")
    assert aside.read_text() == '{"schema": 1, "comments": [{"key": "a", "te'
    assert aside.name in bank.notice
    bank.put("fresh", "a new start")
    assert json.loads(bank.path.read_text())["comments"] == [{"key": "fresh", "text": "a new start"}]
