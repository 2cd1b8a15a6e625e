"""The Prefect layer: one module per flow, the shared tasks, served mode and the runner."""

import os

# Set before any Prefect import: Prefect prints a usage-data notice on import in a terminal
# unless DO_NOT_TRACK is set, and a server it starts (the local API) reports usage unless told
# not to; a secretariat's terminal should show verbale's output only.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
