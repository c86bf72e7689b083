"""Learners are refused by the debrief dashboard, formgrader and other people's servers; the facilitator
reaches the dashboard and formgrader but not inside a learner's server (no admin rights)."""
from workshop import ensure_running


def test_a_learner_is_refused_by_the_dashboard_and_formgrader(workshop, hub):
    user = workshop["users"][hub.learners[0]]
    ensure_running(user)
    ensure_running(workshop["fac"])  # a stopped server's URL would answer 404 whoever asks
    assert user.get("/services/debrief/").status_code == 403
    assert user.get("formgrader").status_code == 404           # not in a learner's server
    assert user.get(f"/user/{hub.facilitator}/formgrader").status_code == 403
    assert user.get(f"/user/{hub.learners[1]}/api/kernels").status_code in (403, 404, 424)


def test_the_facilitator_has_the_dashboard_and_formgrader_but_no_access_to_learners_servers(workshop, hub):
    fac = workshop["fac"]
    ensure_running(fac)
    page = fac.get("/services/debrief/")
    assert page.status_code == 200 and "debrief" in page.text.lower()
    assert fac.get("formgrader").status_code == 200
    learner = workshop["users"][hub.learners[0]]
    ensure_running(learner)
    assert fac.get(f"/user/{learner.name}/api/kernels").status_code == 403
    assert fac.get("/hub/admin").status_code == 200  # sees who is there, starts and stops servers
