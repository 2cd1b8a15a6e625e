"""Running the review room: one uvicorn server, in the foreground or beside `verbale serve`."""

from __future__ import annotations

import socket
import threading

import uvicorn

from verbale.batches.decision import Resume
from verbale.errors import ConfigurationError
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


def start_room_thread(settings: Settings, resume: Resume | None) -> uvicorn.Server:
    """Serve the review room from a background thread (beside the served flows). The address
    is taken here, so that a port in use is an error at start, not a silent thread's death."""
    host, port = settings.review_host, settings.review_port
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise ConfigurationError(
            f"review room: cannot listen on {host}:{port} ({exc.strerror}); set "
            "VERBALE_REVIEW_PORT or VERBALE_REVIEW_HOST"
        ) from exc
    server = room_server(settings, resume, host, port)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listening]}, name="review-room", daemon=True
    )
    thread.start()
    return server
