"""Each learner's landing page, in their own server, shows their own progress."""
from hubtools import welcome_status
from workshop import ensure_running, marker


def test_the_landing_page_shows_only_the_learners_own_progress(workshop, hub):
    for name, user in workshop["users"].items():
        ensure_running(user)
        expected = "not-started" if workshop["plan"][name].get("skips_welcome") else "in-progress"
        assert welcome_status(user) == expected, name
        page = user.get("coachlab/").text
        assert not any(marker(n) in page for n in hub.learners)  # progress only, never the text
