"""Documents: kinds and templates, their lint, render context, rendering, PDF, preview."""
