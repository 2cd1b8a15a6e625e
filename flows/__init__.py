"""The Prefect layer: one module per flow, the shared tasks, served mode and the runner."""
