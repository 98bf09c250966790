"""`cpr status`, the public page, the site's data/REF.json and the pack's metadata.json agree.

One timescale engine (`pipeline.model.timescales`) decides every deadline; each output is
judged on its own day (status: today; the page and data/REF.json: the publication date;
the pack: the submission date), and on that day each says the same as status does. The
committed samples are checked against the files in published_site/ as they stand, and
generated record dates cover every state of both deadlines.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.workspace import RECORD, REF

from pipeline.governance.status import review_status
from pipeline.governance.submit import build_metadata
from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import Approval
from pipeline.model.review_record import ReviewRecord, load_record
from pipeline.model.timescales import DeadlineState
from pipeline.site.i18n import long_date
from pipeline.site.meta import PublicMeta, meta_json, public_meta, read_meta
from pipeline.site.pages import review_page
from pipeline.store.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "redaction_rules" / "policy.yaml")
SAMPLES = ("cysur-2025-02", "nwsb-2025-01")
D = dt.date
HASH = "0" * 64
APPROVAL = Approval(
    officer="Olwen Officer",
    role="Business Manager",
    approved_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    draft_sha256=HASH,
    list_sha256=HASH,
)

# The one wording, pinned here: the page's words for each state of the engine.
WORDS = {
    "en": {
        DeadlineState.met: "Met",
        DeadlineState.not_met: "Not met ({days} days late)",
        DeadlineState.due: "Due by {date}",
        DeadlineState.overdue: "Overdue: was due by {date}",
        DeadlineState.not_started: "Not started",
    },
    "cy": {
        DeadlineState.met: "Wedi'i gyflawni",
        DeadlineState.not_met: "Heb ei gyflawni ({days} diwrnod yn hwyr)",
        DeadlineState.due: "Erbyn {date}",
        DeadlineState.overdue: "Yn hwyr: roedd yn ddyledus erbyn {date}",
        DeadlineState.not_started: "Heb ddechrau",
    },
}
HEADING = {"en": "### Statutory timescales", "cy": "### Amserlenni statudol"}


def _unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell.strip())


def page_timescales(page: str, lang: str) -> list[tuple[str, str]]:
    """The (due by, outcome) cells of the page's timescale table, as a reader reads them."""
    section = page.split(HEADING[lang], 1)[1].split("\n\n", 2)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    cells = [[_unescape(c) for c in row.strip("|").split(" | ")] for row in rows]
    return [(c[1], c[2]) for c in cells]


def expected_words(deadline: dict[str, Any], lang: str) -> tuple[str, str]:
    """What the page must say for one of status's deadlines (JSON form)."""
    due = long_date(D.fromisoformat(deadline["due"]), lang) if deadline["due"] else "–"
    words = WORDS[lang][DeadlineState(deadline["state"])].format(
        days=deadline["days_late"], date=due
    )
    return due, words


def status_deadlines(ws: Path, ref: str, *, today: dt.date) -> list[dict[str, Any]]:
    """`cpr status --json`'s deadlines of one review, judged on `today`."""
    row = review_status(Workspace(ws), ref, today=today).as_json()
    assert row["error"] is None
    return row["deadlines"]


def pack_deadlines(record: ReviewRecord, submitted: dt.date) -> list[dict[str, Any]]:
    """metadata.json's deadlines, for a pack submitted on `submitted`."""
    data = build_metadata(
        record, POLICY, ref=REF, plan=None, approval=APPROVAL, submitted=submitted, files=[]
    )
    return data["timescale"]["deadlines"]


def assert_agree(ws: Path, ref: str, record: ReviewRecord, page_for: dict[str, str]) -> None:
    """Status, the page (both languages), data/REF.json and the pack say the same."""
    published = record.dates.published
    page_day = published or TODAY
    on_page_day = status_deadlines(ws, ref, today=page_day)
    for lang, page in page_for.items():
        assert page_timescales(page, lang) == [expected_words(d, lang) for d in on_page_day]
    submitted = record.dates.submitted_to_welsh_government
    if record.dates.board_approval is None:
        return  # no pack before the Board's approval
    pack_day = submitted or record.dates.board_approval
    pack = pack_deadlines(record, pack_day)
    with_submission = record.dates.model_copy(update={"submitted_to_welsh_government": pack_day})
    record_file = ws / "drafts" / ref / "review.yaml"
    original = record_file.read_text(encoding="utf-8")
    if submitted is None:  # status as it will be once the pack's date is recorded
        record_file.write_text(dump_record(with_submission.model_dump()), encoding="utf-8")
    try:
        on_pack_day = status_deadlines(ws, ref, today=pack_day)
    finally:
        record_file.write_text(original, encoding="utf-8")
    assert [(d["name"], d["due"], d["done"], d["state"]) for d in pack] == [
        (d["name"], d["due"], d["done"], d["state"]) for d in on_pack_day
    ]


TODAY = D(2026, 1, 15)


@pytest.mark.parametrize("ref", SAMPLES)
def test_the_committed_samples_agree(ref: str) -> None:
    record = load_record(ROOT / "drafts" / ref / "review.yaml")
    pages = {
        lang: (ROOT / "published_site" / lang / "reviews" / ref / "index.md").read_text(
            encoding="utf-8"
        )
        for lang in ("en", "cy")
    }
    assert_agree(ROOT, ref, record, pages)
    # data/REF.json: the same deadlines, read back from the committed file.
    meta = read_meta(ROOT / "published_site" / "data" / f"{ref}.json")
    status = status_deadlines(ROOT, ref, today=meta.published)
    assert [(d.due, d.state.value, d.days_late) for d in meta.deadlines()] == [
        (D.fromisoformat(s["due"]) if s["due"] else None, s["state"], s["days_late"])
        for s in status
    ]


def dump_record(dates: dict[str, dt.date | None]) -> str:
    """A review.yaml: the conftest's fictional record with these dates."""
    head, rest = RECORD.split("dates:\n", 1)
    tail = rest[rest.index("identities:") :]
    lines = "".join(f"  {k}: {v.isoformat()}\n" for k, v in dates.items() if v is not None)
    return head + ("dates:\n" + lines if lines else "") + tail


def check_generated(tmp: Path, dates: dict[str, dt.date | None]) -> list[DeadlineState]:
    """Write a record with these dates into a scratch workspace, build its page, compare."""
    ws = tmp / "ws"
    (ws / "drafts" / REF).mkdir(parents=True, exist_ok=True)
    (ws / "redaction_rules").mkdir(exist_ok=True)
    (ws / "redaction_rules" / "policy.yaml").write_bytes(
        (ROOT / "redaction_rules" / "policy.yaml").read_bytes()
    )
    (ws / "drafts" / REF / "review.yaml").write_text(dump_record(dates), encoding="utf-8")
    record = load_record(ws / "drafts" / REF / "review.yaml")
    meta = public_meta(
        ref=REF, record=record, policy=POLICY, approval=APPROVAL, today=TODAY, languages=["en"]
    )
    # data/REF.json round trip: what the catalogue and later rebuilds read.
    (ws / "meta.json").write_text(meta_json(meta), encoding="utf-8")
    meta = read_meta(ws / "meta.json")
    assert isinstance(meta, PublicMeta)
    pages = {lang: review_page(meta, lang=lang, body="Text.\n", plan=None) for lang in ("en", "cy")}
    assert_agree(ws, REF, record, pages)
    return [
        DeadlineState(d["state"])
        for d in status_deadlines(ws, REF, today=record.dates.published or TODAY)
    ]


# Hand-picked records, one for each state of each deadline (as on the page's day).
CASES: list[dict[str, dt.date | None]] = [
    {},  # nothing recorded: both not started
    {"referral_to_review_subgroup": D(2025, 11, 1)},  # review due; plan not started
    {"referral_to_review_subgroup": D(2024, 1, 10)},  # review overdue
    {
        "referral_to_review_subgroup": D(2024, 1, 10),
        "board_approval": D(2024, 6, 20),
        "submitted_to_welsh_government": D(2024, 6, 28),
        "published": D(2024, 7, 1),
    },  # review met; plan due on the publication day
    {
        "referral_to_review_subgroup": D(2024, 1, 10),
        "board_approval": D(2024, 7, 1),
        "submitted_to_welsh_government": D(2024, 7, 12),
        "published": D(2024, 9, 1),
        "action_plan_finalised": D(2024, 8, 20),
    },  # review not met (2 days late); plan not met
    {
        "referral_to_review_subgroup": D(2024, 1, 10),
        "board_approval": D(2024, 6, 1),
        "action_plan_finalised": D(2024, 6, 20),
    },  # review overdue (not yet submitted); plan met
    {
        "referral_to_review_subgroup": D(2024, 1, 10),
        "board_approval": D(2024, 6, 1),
        "submitted_to_welsh_government": D(2024, 6, 5),
        "published": D(2024, 8, 1),
    },  # plan overdue on the publication day
]


def test_the_hand_picked_cases_cover_every_state(tmp_path: Path) -> None:
    seen: tuple[set[DeadlineState], set[DeadlineState]] = (set(), set())
    for i, dates in enumerate(CASES):
        review, plan = check_generated(tmp_path / str(i), dates)
        seen[0].add(review)
        seen[1].add(plan)
    assert seen[0] == set(DeadlineState) and seen[1] == set(DeadlineState)


@st.composite
def record_dates(draw: st.DrawFn) -> dict[str, dt.date | None]:
    """Dates in the statutory order, each recorded or not, some on time and some late."""
    referral = draw(st.dates(D(2022, 1, 1), D(2025, 6, 30)))
    dates: dict[str, dt.date | None] = {"referral_to_review_subgroup": referral}
    day = referral
    for key, most in (
        ("learning_event", 200),
        ("board_approval", 300),
        ("submitted_to_welsh_government", 60),
        ("published", 90),
    ):
        if not draw(st.booleans()):
            break
        day = day + dt.timedelta(days=draw(st.integers(0, most)))
        dates[key] = day
    approval = dates.get("board_approval")
    if approval is not None and draw(st.booleans()):
        dates["action_plan_finalised"] = approval + dt.timedelta(days=draw(st.integers(0, 60)))
    if not draw(st.booleans()):  # now and then, no referral date at all
        dates["referral_to_review_subgroup"] = None
    return dates


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(dates=record_dates())
def test_generated_record_dates_agree(tmp_path: Path, dates: dict[str, dt.date | None]) -> None:
    check_generated(tmp_path, dates)
