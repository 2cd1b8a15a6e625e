"""Batches: planning who gets which document, the manifest, the ledger, review, history."""
