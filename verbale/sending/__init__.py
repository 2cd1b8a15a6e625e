"""Sending approved batches: messages, transports (outbox, SMTP) and dispatch."""
