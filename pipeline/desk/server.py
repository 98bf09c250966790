"""Serving the desk on loopback: a random free port, stopped with Ctrl-C."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from pipeline.desk.app import DeskState, create_app


def _loopback_socket() -> socket.socket:
    """A socket bound to 127.0.0.1 on a port the system picks (never another address)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _server(state: DeskState) -> tuple[uvicorn.Server, socket.socket]:
    sock = _loopback_socket()
    state.host, state.port = "127.0.0.1", sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(state), log_level="warning", access_log=False, lifespan="off"
    )
    return uvicorn.Server(config), sock


def serve(state: DeskState) -> None:
    """Run the desk until Ctrl-C (uvicorn handles the signal and shuts down cleanly)."""
    server, sock = _server(state)
    server.run(sockets=[sock])


@contextlib.contextmanager
def running_desk(state: DeskState) -> Iterator[DeskState]:
    """The desk served from a background thread for as long as the block runs."""
    server, sock = _server(state)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
