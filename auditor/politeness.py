"""Being a good guest on live public sites.

- A User-Agent that names the tool and its version, with a way to reach the
  person running it (``--contact``), so a site's operators know who is
  visiting and why.
- :class:`HostGate`: at most ``per_host`` page loads at once on each host,
  and at least ``min_delay`` seconds (or the host's robots.txt
  ``Crawl-delay``, if longer) between the starts of two loads on it.
- Back-off: a 429 or 503 answer with ``Retry-After`` (seconds or an HTTP date)
  keeps every worker off that host until then (capped at
  :data:`MAX_RETRY_AFTER_S`); the runner's retry waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import AsyncIterator, Callable
from urllib.parse import urlsplit

from .version import __version__

TOOL_PRODUCT = f"inclusion-auditor/{__version__}"
MAX_RETRY_AFTER_S = 60.0
"""A server asking for a longer pause gets this one: the page still has one retry."""
MAX_CRAWL_DELAY_S = 30.0
"""A robots.txt ``Crawl-delay`` longer than this is taken as this."""


def tool_user_agent(contact: str = "") -> str:
    """``inclusion-auditor/0.1.0 (+contact)``: the tool's product token, and
    the contact (a URL or e-mail address) when one was given."""
    return f"{TOOL_PRODUCT} (+{contact})" if contact else TOOL_PRODUCT


def browser_user_agent(browser_ua: str, contact: str = "") -> str:
    """The User-Agent the browser sends: its own, with ``HeadlessChrome``
    written ``Chrome`` (sites that sniff it would otherwise serve a robot
    something other than what people get), and the tool's product token
    appended so that the visit is still plainly ours."""
    base = browser_ua.replace("HeadlessChrome/", "Chrome/").strip()
    return f"{base} {tool_user_agent(contact)}".strip()


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an
    HTTP date), capped at :data:`MAX_RETRY_AFTER_S`; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    return max(0.0, min(seconds, MAX_RETRY_AFTER_S))


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or parts.scheme).lower()


class _Host:
    def __init__(self, per_host: int, min_delay: float) -> None:
        self.slots = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.next_start = 0.0
        self.min_delay = min_delay


class HostGate:
    """Per-host limits on page loads, shared by every worker of a run.
    Lives on the runner's event loop."""

    def __init__(self, per_host: int, min_delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_host = max(1, per_host)
        self.min_delay = max(0.0, min_delay)
        self._clock = clock
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(self.per_host, self.min_delay)
        return self._hosts[host]

    @contextlib.asynccontextmanager
    async def load(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's load slots while a page loads, starting no
        sooner than the host's minimum interval (or back-off) allows. Only
        web hosts are waited for: a local file or ``about:`` page is no one's server."""
        if urlsplit(url).scheme not in ("http", "https"):
            yield
            return
        state = self._host(host_of(url))
        async with state.slots:
            async with state.lock:  # starts are spaced one after another
                while (wait := state.next_start - self._clock()) > 0:  # a back-off may come while waiting
                    await asyncio.sleep(wait)
                state.next_start = max(state.next_start, self._clock() + state.min_delay)
            yield

    def at_least(self, url: str, seconds: float) -> None:
        """The host asks for this interval between loads (robots.txt
        ``Crawl-delay``): kept if longer than the run's own, capped at
        :data:`MAX_CRAWL_DELAY_S`."""
        state = self._host(host_of(url))
        state.min_delay = max(state.min_delay, min(seconds, MAX_CRAWL_DELAY_S))

    def back_off(self, url: str, seconds: float) -> None:
        """The host asked for a pause: no load on it starts for ``seconds``."""
        state = self._host(host_of(url))
        state.next_start = max(state.next_start, self._clock() + seconds)
