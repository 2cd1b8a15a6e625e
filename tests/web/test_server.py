"""Serving the review room beside the flows: it answers, and a taken port is an error."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from mailserver import free_port

from verbale.errors import ConfigurationError
from verbale.settings import Settings
from verbale.web.server import start_room_thread


def test_room_thread_answers_on_its_port() -> None:
    """The room started in a thread serves the login page on the configured port."""
    port = free_port()
    server = start_room_thread(Settings(review_port=port), None)
    for _ in range(100):
        try:
            answer = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    server.should_exit = True
    assert answer.status_code == 200


def test_port_in_use_is_an_error_at_start() -> None:
    """A port already taken stops the start with a clear error."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigurationError, match=f"cannot listen on 127.0.0.1:{port}"):
            start_room_thread(Settings(review_port=port), None)
