"""The reviewer's and the Board officer's desk: a local Starlette app over one review.

Every change goes through `pipeline.stages.decide` (and approval through
`pipeline.stages.approval`), so the desk writes exactly what the command line would:
the redaction list file stays the single source of truth and the audit trail records
each change by entry number, naming the acting person.

Security, since the page shows a confidential draft:
- it answers only on 127.0.0.1, and only to requests whose Host is that address and
  port (a DNS-rebinding page cannot reach it under another name);
- a per-session token, given once in the URL the command prints, becomes a
  SameSite=Strict, HttpOnly cookie; every request needs it, and every change also
  carries it as a form field and must come from the page's own origin, so another
  local page can neither read nor drive the desk;
- it serves its own page, style sheet and script, nothing else: no file of the
  workspace or beyond is ever served;
- a Content-Security-Policy allows only those.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.desk.page import render_desk
from pipeline.errors import CprError
from pipeline.model.redaction_list import Decision
from pipeline.stages.approval import approve_review
from pipeline.stages.decide import add_term, decide_entry, decide_group, split_variant
from pipeline.stages.review import Review

COOKIE = "cpr_desk"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass
class DeskState:
    """What one desk session knows: the review, who acts, the token and the origin."""

    open_review: Callable[[], Review]
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    host: str = "127.0.0.1"
    port: int = 0
    actor: str | None = None
    key: Ed25519PrivateKey | None = None
    message: str = ""

    @property
    def origin(self) -> str:
        """The page's own origin, e.g. http://127.0.0.1:54321."""
        return f"http://{self.host}:{self.port}"

    def url(self) -> str:
        """The address to open once: it carries the session token."""
        return f"{self.origin}/?token={quote(self.token)}"


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _asset(name: str) -> str:
    return resources.files("pipeline.desk").joinpath("assets", name).read_text(encoding="utf-8")


def create_app(state: DeskState) -> Starlette:
    """The desk's application over one review."""

    def guard(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def checked(request: Request) -> Response:
            if request.headers.get("host") != f"{state.host}:{state.port}":
                return PlainTextResponse("wrong host", status_code=403)
            if request.method == "GET" and _same(request.query_params.get("token"), state.token):
                # The one visit with the token in its address: keep it in a cookie and
                # take it out of the address bar and the history.
                response: Response = RedirectResponse("/", status_code=303)
                response.set_cookie(COOKIE, state.token, httponly=True, samesite="strict", path="/")
                return response
            if not _same(request.cookies.get(COOKIE), state.token):
                return PlainTextResponse(
                    "this desk needs the address `cpr review` printed", status_code=403
                )
            if request.method == "POST":
                origin = request.headers.get("origin")
                if origin is not None and origin != state.origin:
                    return PlainTextResponse("another origin", status_code=403)
                site = request.headers.get("sec-fetch-site")
                if site is not None and site not in ("same-origin", "none"):
                    return PlainTextResponse("another site", status_code=403)
                form = await request.form()
                if not _same(str(form.get("csrf", "")), state.token):
                    return PlainTextResponse("missing session token", status_code=403)
            response = await handler(request)
            response.headers["Content-Security-Policy"] = CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
            # "same-origin", not "no-referrer": with no-referrer the browser sends `Origin: null`
            # on the desk's own form posts, and the origin check could not tell them apart.
            response.headers["Referrer-Policy"] = "same-origin"
            response.headers["Cache-Control"] = "no-store"
            return response

        return checked

    def page(status: int = 200) -> HTMLResponse:
        review = state.open_review()
        body = render_desk(
            review, token=state.token, message=state.message, can_sign=bool(state.key)
        )
        state.message = ""
        return HTMLResponse(body, status_code=status)

    def done(message: str, anchor: str = "") -> Response:
        state.message = message
        return RedirectResponse("/" + (f"#{anchor}" if anchor else ""), status_code=303)

    async def run(action: Callable[[], str], anchor: str = "") -> Response:
        try:
            message = action()
        except CprError as error:
            state.message = f"Not saved: {error.problem}. {error.fix}"
            return page(status=400)
        return done(message, anchor)

    async def index(request: Request) -> Response:
        return page()

    async def style(request: Request) -> Response:
        return Response(_asset("desk.css"), media_type="text/css")

    async def script(request: Request) -> Response:
        return Response(_asset("desk.js"), media_type="text/javascript")

    async def entry(request: Request) -> Response:
        form = await request.form()
        index = int(request.path_params["n"]) - 1

        def act() -> str:
            change = decide_entry(
                state.open_review(),
                index,
                decision=Decision(str(form.get("decision", "undecided"))),
                replacement=str(form["replacement"]) if "replacement" in form else None,
                replacement_cy=str(form["replacement_cy"]) if "replacement_cy" in form else None,
                who=state.actor,
            )
            return "; ".join(change.changes) or f"entry {index + 1}: nothing changed"

        return await run(act, f"entry-{index + 1}")

    async def group(request: Request) -> Response:
        form = await request.form()
        name = str(request.path_params["group"])

        def act() -> str:
            change = decide_group(
                state.open_review(),
                name,
                decision=Decision(str(form.get("decision", "redact"))),
                who=state.actor,
            )
            return "; ".join(change.changes) or f"{name}: nothing was undecided"

        return await run(act, f"group-{name}")

    async def split(request: Request) -> Response:
        form = await request.form()
        index = int(request.path_params["n"]) - 1

        def act() -> str:
            change = split_variant(
                state.open_review(),
                index,
                str(form.get("variant", "")),
                replacement=str(form.get("replacement", "")),
                who=state.actor,
            )
            return "; ".join(change.changes)

        return await run(act, f"entry-{index + 2}")

    async def add(request: Request) -> Response:
        form = await request.form()

        def act() -> str:
            change = add_term(
                state.open_review(),
                str(form.get("term", "")),
                entity_type=str(form.get("type", "PERSON")),
                replacement=str(form.get("replacement", "")) or None,
                who=state.actor,
            )
            return "; ".join(change.changes)

        return await run(act, "add")

    async def approve(request: Request) -> Response:
        form = await request.form()

        def act() -> str:
            if state.key is None:
                raise_no_key()
            assert state.key is not None
            approval = approve_review(
                state.open_review(),
                officer=str(form.get("officer", "")),
                role=str(form.get("role", "")) or None,
                key=state.key,
            )
            return f"Approved by {approval.officer} ({approval.role})."

        return await run(act, "approve")

    routes = [
        Route("/", guard(index), methods=["GET"]),
        Route("/desk.css", guard(style), methods=["GET"]),
        Route("/desk.js", guard(script), methods=["GET"]),
        Route("/entries/{n:int}", guard(entry), methods=["POST"]),
        Route("/entries/{n:int}/split", guard(split), methods=["POST"]),
        Route("/groups/{group}", guard(group), methods=["POST"]),
        Route("/add", guard(add), methods=["POST"]),
        Route("/approve", guard(approve), methods=["POST"]),
    ]
    return Starlette(routes=routes)


def raise_no_key() -> None:
    """Approval needs the officer's key, given when the desk was started."""
    from pipeline.errors import ApprovalError
    from pipeline.store.signing import KEYGEN_FIX

    raise ApprovalError(
        "this desk was started without an officer's signing key",
        fix=KEYGEN_FIX + "; then start the desk with `cpr review REF --key PATH`",
    )
