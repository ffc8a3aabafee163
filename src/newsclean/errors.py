"""The one exception type the CLI catches and turns into an ``Error: …`` line."""

from __future__ import annotations


class NewscleanError(Exception):
    """A failure the user can act on: bad input, a bad model file, a bad pair folder.

    The message is one line that names the bad value and what is allowed.
    """
