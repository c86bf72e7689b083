"""The learner's own answers on the site: the plan to keep, the download, and deleting by form."""
import http.client
import io
import json
import zipfile
from urllib.parse import urlencode

import pytest

from siteprocess import SiteProcess
from sitetools import COURSE

PLAN = {"goal": "Ask first in one-to-ones", "reality": "I answer fast", "options": "Count to five",
        "will": "Monday: ask Noor what she has tried"}


@pytest.fixture
def site(tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    with SiteProcess(COURSE, answers, extra=["--pool-size", "0"]) as s:
        s.answers = answers
        yield s


def save(site, lesson, records):
    stamp = "2026-01-01T00:00:00+00:00"
    payload = {"schema": 1, "records": {k: {"schema": 1, "saved_at": stamp, "value": v} for k, v in records.items()}}
    (site.answers / f"{lesson}.json").write_text(json.dumps(payload))


def post(site, path, fields, *, auth=True):
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
    headers = {"Host": f"127.0.0.1:{site.port}", "Content-Type": "application/x-www-form-urlencoded"}
    if auth:
        headers["Authorization"] = f"token {site.token}"
    try:
        conn.request("POST", path, body=urlencode(fields), headers=headers)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_plan_export_and_delete_from_the_site(site):
    """Can a learner read and download their plan, download every answer, and delete one module after
    confirming, with nothing deleted without the confirmation or without the token?"""
    save(site, "05_my_plan", {"grow/my-plan": {"stages": PLAN}})
    save(site, "02_jerome", {"reflection/jerome-gibbs": {"answers": {"feelings": "Unseen <b>then</b> curious"}}})
    status, _, body = site.get("/my-plan")
    assert status == 200 and PLAN["will"] in body.decode() and "Unseen &lt;b&gt;then&lt;/b&gt; curious" in body.decode()
    status, headers, _ = site.get("/my-plan?download=1")
    assert status == 200 and "attachment" in headers["content-disposition"]
    status, headers, body = site.get("/my-answers/export.zip")
    assert status == 200 and headers["content-type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    assert {"answers/05_my_plan.json", "answers/02_jerome.json", "summary.html"} <= names
    status, _, body = site.get("/my-answers")
    assert status == 200 and 'name="confirm"' in body.decode() and "required" in body.decode()

    assert post(site, "/my-answers/delete", {"module": "02_jerome", "confirm": "yes"}, auth=False)[0] == 403
    assert post(site, "/my-answers/delete", {"module": "02_jerome"})[0] == 400
    assert post(site, "/my-answers/delete", {"module": "../05_my_plan", "confirm": "yes"})[0] == 404
    assert (site.answers / "02_jerome.json").is_file() and (site.answers / "05_my_plan.json").is_file()
    status, body = post(site, "/my-answers/delete", {"module": "02_jerome", "confirm": "yes"})
    assert status == 200 and "Deleted: 02_jerome.json" in body
    assert not (site.answers / "02_jerome.json").exists() and (site.answers / "05_my_plan.json").is_file()
    status, body = post(site, "/my-answers/delete", {"module": "", "confirm": "yes"})
    assert status == 200 and not list(site.answers.glob("*.json"))


def test_the_pages_need_the_token(site):
    """Are the plan and the download refused (sent to the login page) without the learner's token?"""
    for path in ("/my-plan", "/my-answers", "/my-answers/export.zip"):
        status, headers, _ = site.get(path, auth=False)
        assert status in (302, 403) and (status == 403 or "login" in headers.get("location", ""))
