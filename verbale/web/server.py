"""Running the review room: one uvicorn server, in the foreground or beside `verbale serve`."""

from __future__ import annotations

import threading

import uvicorn

from verbale.batches.decision import Resume
from verbale.settings import Settings
from verbale.web.app import create_app


def room_server(settings: Settings, resume: Resume | None, host: str, port: int) -> uvicorn.Server:
    """The review room's server, not yet started."""
    config = uvicorn.Config(
        create_app(settings, resume), host=host, port=port, log_level="warning", access_log=False
    )
    return uvicorn.Server(config)


def run_room(settings: Settings, resume: Resume | None, host: str, port: int) -> None:
    """Serve the review room until interrupted."""
    room_server(settings, resume, host, port).run()


def start_room_thread(settings: Settings, resume: Resume | None) -> threading.Thread:
    """Serve the review room from a background thread (beside the served flows)."""
    server = room_server(settings, resume, settings.review_host, settings.review_port)
    thread = threading.Thread(target=server.run, name="review-room", daemon=True)
    thread.start()
    return thread
