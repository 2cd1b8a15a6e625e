"""A database's connection URL, kept as a secret: its password is never shown.

`postgresql://verbale:s3cret@db.example.org:5432/verbale` is shown (repr, str, error
messages) as `postgresql://verbale:***@db.example.org:5432/verbale`.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from pydantic import SecretStr

SCHEMES = ("postgresql", "postgres")


def masked(url: str) -> str:
    """The URL with its password, if it has one, replaced by `***`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.partition(":")[0]
    return parts._replace(netloc=f"{name}:***@{host}").geturl()


def hide_password(text: str, url: str) -> str:
    """A text (a driver's message) with the URL's password, wherever it appears, masked."""
    password = urlsplit(url).password
    if not password:
        return text
    return text.replace(password, "***").replace(unquote(password), "***")


class DatabaseUrl(SecretStr):
    """A connection URL whose repr and str mask the password but show host and database."""

    def _display(self) -> str:
        return masked(self.get_secret_value())

    @property
    def is_set(self) -> bool:
        """Whether a URL is configured at all."""
        return bool(self.get_secret_value())
