"""The review room: server-rendered pages where reviewers read, edit and decide on batches."""
