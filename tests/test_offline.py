"""The whole pipeline runs with the network blocked: no model, list or suffix download."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from support.workspace import REF

from pipeline.stages.anonymise import anonymise_review
from pipeline.stages.detect import detect_review
from pipeline.stages.ingest import ingest_review
from pipeline.stages.review import open_review
from pipeline.store.workspace import Workspace


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise NetworkUsed("the pipeline tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_pipeline_runs_offline(workspace: Path, no_network: None) -> None:
    from pipeline.stages.detect import engine

    engine.analyzer.cache_clear()  # load the model under the block too
    review = open_review(Workspace(workspace), REF)
    ingest_review(review)
    result = detect_review(review)
    assert result.entries > 0
    out = anonymise_review(review)
    text = out.output.read_text(encoding="utf-8")
    # The e-mail recogniser validates the domain with tldextract's bundled list.
    assert "demo.mother@example.com" not in text
