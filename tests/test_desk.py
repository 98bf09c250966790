"""The desk (`cpr review`): decide, split, add and approve in a real browser, safely.

A fictional review goes through ingest and detect; the desk is served on 127.0.0.1 from
a background thread and driven with Playwright in Debian's Chromium. Afterwards the
list file holds exactly those decisions and the approval, `cpr verify` passes, and the
audit trail records each change.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from support.workspace import DRAFT, REF, TEST_KEY, make_workspace
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.desk.app import DeskState
from pipeline.desk.server import running_desk
from pipeline.measure.scale import CHROMIUM
from pipeline.measure.scale import CHROMIUM_ARGS as ARGS
from pipeline.model.redaction_list import Decision, load_list
from pipeline.stages.review import open_review
from pipeline.store.audit import read_trail
from pipeline.store.workspace import Workspace

# A word no recogniser proposes, for the "add a missed term" step.
MISSED = "piebald pony"
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"
)


@pytest.fixture
def detected(tmp_path: Path) -> Path:
    ws = make_workspace(tmp_path / "ws", draft=DRAFT + f"\nShe rode a {MISSED} at weekends.\n")
    runner = CliRunner()
    for step in ("ingest", "detect"):
        result = runner.invoke(app, ["-w", str(ws), step, REF])
        assert result.exit_code == 0, result.output
    return ws


@pytest.fixture
def desk(detected: Path) -> Iterator[DeskState]:
    state = DeskState(
        open_review=lambda: open_review(Workspace(detected), REF),
        actor="Rhiannon Reviewer",
        key=TEST_KEY,
    )
    with running_desk(state):
        yield state


def _entries(ws: Path) -> list:
    return load_list(
        ws / "redaction_rules" / f"{REF}.yaml", ref=REF, entity_types=_types(ws)
    ).model.entries


def _types(ws: Path) -> list[str]:
    return list(open_review(Workspace(ws), REF).policy.entity_types)


def test_nothing_is_served_without_the_session_token(desk: DeskState) -> None:
    with httpx.Client(base_url=desk.origin) as client:
        assert client.get("/").status_code == 403
        assert client.get("/desk.css").status_code == 403
        # Another name for the same address (DNS rebinding) is refused, token or not.
        wrong_host = client.get(f"/?token={desk.token}", headers={"host": "evil.example"})
        assert wrong_host.status_code == 403
        # With the token once, the cookie carries the session.
        assert client.get(f"/?token={desk.token}").status_code == 303
        assert client.get("/").status_code == 200


def test_changes_need_the_form_token_and_the_page_s_own_origin(
    desk: DeskState, detected: Path
) -> None:
    before = (detected / "redaction_rules" / f"{REF}.yaml").read_bytes()
    with httpx.Client(base_url=desk.origin) as client:
        client.get(f"/?token={desk.token}")
        # A cookie alone does not make a change: another local page cannot forge a form.
        no_form_token = client.post("/groups/dates", data={"decision": "redact"})
        assert no_form_token.status_code == 403
        other_origin = client.post(
            "/groups/dates",
            data={"decision": "redact", "csrf": desk.token},
            headers={"origin": "http://127.0.0.1:1"},
        )
        assert other_origin.status_code == 403
        assert (detected / "redaction_rules" / f"{REF}.yaml").read_bytes() == before
        allowed = client.post(
            "/groups/dates",
            data={"decision": "redact", "csrf": desk.token},
            headers={"origin": desk.origin},
        )
        assert allowed.status_code == 303
    assert all(e.decision is Decision.redact for e in _entries(detected) if e.type == "DATE")


def test_a_replacement_with_markup_is_refused_and_nothing_is_written(
    desk: DeskState, detected: Path
) -> None:
    path = detected / "redaction_rules" / f"{REF}.yaml"
    before = path.read_bytes()
    with httpx.Client(base_url=desk.origin) as client:
        client.get(f"/?token={desk.token}")
        refused = client.post(
            "/entries/5",
            data={
                "decision": "redact",
                "replacement": "[x](javascript:alert(1))",
                "csrf": desk.token,
            },
        )
    assert refused.status_code == 400 and "Not saved" in refused.text
    assert path.read_bytes() == before


@pytest.fixture
def page(desk: DeskState) -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        requested: list[str] = []
        pg.on("request", lambda r: requested.append(r.url))
        yield pg
        browser.close()
    assert all(urlparse(u).hostname == "127.0.0.1" for u in requested), requested


@needs_browser
@pytest.mark.browser
def test_a_reviewer_and_an_officer_work_through_the_desk(
    page, desk: DeskState, detected: Path
) -> None:
    page.goto(desk.url())
    assert "token" not in page.url  # the token left the address bar for a cookie
    entries = _entries(detected)
    phone = next(i + 1 for i, e in enumerate(entries) if e.type == "PHONE")
    # Reject one entry: keep it.
    page.check(f"#entry-{phone} input[value=keep]")
    page.click(f"#entry-{phone} button:has-text('Save entry {phone}')")
    assert "decision" in page.locator(".message").inner_text()
    # Decide a whole group at once.
    page.click("#group-dates button[value=redact]")
    # Add a missed term by selecting it in the draft.
    page.wait_for_load_state("load")
    page.evaluate(
        """missed => {
        const cell = [...document.querySelectorAll('td.draft')]
            .find(td => td.textContent.includes(missed));
        const node = [...cell.childNodes].find(n => n.textContent.includes(missed));
        const start = node.textContent.indexOf(missed);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + missed.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""",
        MISSED,
    )
    assert page.input_value("#add-term") == MISSED
    page.select_option("#add-type", "OTHER_ID")
    page.click("#add button[type=submit]")
    # Everything else as proposed, then approve.
    for group in ("people", "places", "identifiers"):
        if page.locator(f"#group-{group}").count():
            page.click(f"#group-{group} button[value=redact]")
    page.select_option("#officer", "Olwen Officer")
    page.click("#approve button[type=submit]")
    assert "Approved by Olwen Officer" in page.locator(".message").inner_text()

    after = _entries(detected)
    assert next(e for e in after if e.type == "PHONE").decision is Decision.keep
    assert all(e.decision is not Decision.undecided for e in after)
    assert any(e.term == MISSED and e.proposed_by == ["manual"] for e in after)
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(detected), "anonymise", REF]).exit_code == 0
    verified = runner.invoke(app, ["-w", str(detected), "verify", REF])
    assert verified.exit_code == 0, verified.output
    trail = read_trail(detected / "redaction_rules" / f"{REF}.audit.jsonl")
    decided = [e for e in trail.events if e.event == "decide"]
    assert len(decided) >= 4 and all(e.who == "Rhiannon Reviewer" for e in decided)
    assert trail.events[-3].event == "approve" or any(e.event == "approve" for e in trail.events)
    text = (detected / "redaction_rules" / f"{REF}.yaml").read_text(encoding="utf-8")
    assert text.count("Written by `cpr approve`") <= 1  # comments are never duplicated


@needs_browser
@pytest.mark.browser
def test_keyboard_only_and_accessibility(page, desk: DeskState) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(desk.url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    axe = Axe()
    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for v in axe.run(page).response["violations"]:
            if v["impact"] in {"serious", "critical"}:
                problems.append(f"{width}px: {v['id']} ({len(v['nodes'])} node(s))")
    assert not problems, problems
