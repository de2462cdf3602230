"""Several browser servers as one engine: a run's pages shared out among
``playwright run-server`` processes (``--browser-ws`` given more than once).

Each server gets an engine of its own; a visit is opened on the server with
the fewest pages open (then the fewest served), so each holds about its share
of ``--concurrency`` at once. A server that stops answering is tried once
more when the run relaunches its browsers and, if it is still gone, left out
for the rest of the run: the pages it had open are audited again on the
others (the scheduler sees :attr:`ServerPool.losses` go up and does not count
that attempt), and the run's record says which server went and when. When
every server has gone, the run stops with one line; what finished is stored.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Sequence

from ..engines.base import Engine, SessionOptions, Visit
from ..engines.remote import EndpointUnreachable
from ..redact import hide_credentials

if TYPE_CHECKING:  # Playwright is imported only by a run that uses it
    from ..engines.playwright import PlaywrightEngine

LOST_NOTE = "Its browser server stopped answering during the audit, so the page was audited again on another server."


class ServerPool(Engine):
    """One engine per browser server, shared out by the pages open on each."""

    name = "playwright"

    def __init__(self, members: Sequence["PlaywrightEngine"], endpoints: Sequence[str], relaunch_every: int) -> None:
        self.members = list(members)
        self.endpoints = [hide_credentials(e) for e in endpoints]
        """Addresses as stored and reported: credentials hidden."""
        self.relaunch_every = relaunch_every
        self.live = list(range(len(self.members)))
        """The members still in the run; one whose server is gone for good leaves it."""
        self.visits = [0] * len(self.members)
        self.gone: dict[int, str] = {}
        """Why each member left the run, by index."""
        self._up: set[int] = set()
        self._losses = 0
        super().__init__()

    @property
    def session(self) -> SessionOptions:
        return self._session

    @session.setter
    def session(self, value: SessionOptions) -> None:
        self._session = value
        for member in self.members:
            member.session = value

    @property
    def pages_since_launch(self) -> int:
        """The most pages any live browser has served since it was launched:
        the run's gate relaunches when it reaches ``relaunch_every``, and
        :meth:`restart` relaunches only the browsers that did."""
        return max((self.members[i].pages_since_launch for i in self.live), default=0)

    @pages_since_launch.setter
    def pages_since_launch(self, value: int) -> None:
        pass  # each member keeps its own count

    @property
    def browser_version(self) -> str:
        versions = [self.members[i].browser_version for i in self.live if self.members[i].browser_version]
        return versions[0] if versions else ""

    @property
    def losses(self) -> int:
        self._notice()
        return self._losses

    @property
    def connected(self) -> bool:
        self._notice()
        return bool(self.live) and all(i in self._up for i in self.live)

    def _notice(self) -> None:
        """Count each member that was up and is no longer connected."""
        for i in sorted(self._up):
            if not self.members[i].connected:
                self._up.discard(i)
                self._losses += 1

    async def start(self) -> None:
        """Start every server's browser; any that cannot start stops the run
        before it begins (a typo in one address is one line, as for one server)."""
        outcomes = await asyncio.gather(*(self.members[i].start() for i in self.live), return_exceptions=True)
        failed = [o for o in outcomes if isinstance(o, BaseException)]
        if failed:
            await self.shutdown()
            raise failed[0]
        self._up = set(self.live)

    async def stop(self) -> None:
        self._up.clear()
        await asyncio.gather(*(m.stop() for m in self.members), return_exceptions=True)

    async def shutdown(self) -> None:
        self._up.clear()
        await asyncio.gather(*(m.shutdown() for m in self.members), return_exceptions=True)

    async def restart(self) -> None:
        """Relaunch the browsers that were lost or have served their pages;
        a server that cannot give a browser leaves the run. Raises
        :class:`EndpointUnreachable` when none is left."""
        self._notice()
        due = [i for i in self.live if i not in self._up or self.members[i].pages_since_launch >= self.relaunch_every]
        outcomes = await asyncio.gather(*(self.members[i].restart() for i in due), return_exceptions=True)
        for i, outcome in zip(due, outcomes):
            if isinstance(outcome, BaseException):
                self._leave(i, outcome)
            else:
                self._up.add(i)
        if not self.live:
            reasons = "; ".join(f"{self.endpoints[i]}: {why}" for i, why in self.gone.items())
            raise EndpointUnreachable(f"every browser server stopped answering ({reasons}); the pages audited before are kept: "
                                      "start the servers again and resume the run (inclusion-audit run --resume last)")

    async def check(self) -> None:
        """Ask every server that seems up to do something (open and close a
        context): one that cannot counts as lost. A server that dies can fail
        a page a moment before its connection is seen to close."""
        up = sorted(self._up)
        answers = await asyncio.gather(*(self.members[i].answers() for i in up))
        for i, ok in zip(up, answers):
            if not ok and i in self._up:
                self._up.discard(i)
                self._losses += 1

    def _leave(self, index: int, error: BaseException) -> None:
        self.live.remove(index)
        self._up.discard(index)
        lines = str(error).strip().splitlines()
        self.gone[index] = lines[0] if lines else type(error).__name__  # its driver goes at shutdown, with the others'

    def choose(self) -> int:
        """The connected server with the fewest pages open, then the fewest served."""
        self._notice()
        ready = [i for i in self.live if i in self._up]
        if not ready:
            raise EndpointUnreachable("no browser server is connected")
        return min(ready, key=lambda i: (self.members[i].open_visits, self.visits[i], i))

    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        index = self.choose()
        self.visits[index] += 1
        return await self.members[index].open(viewport=viewport, javascript=javascript)

    def summary(self) -> list[dict[str, Any]]:
        """Each server, the visits it was given and, if it left the run, why:
        the run's record of how its pages were shared out."""
        return [{"endpoint": endpoint, "visits": self.visits[i], **({"gone": self.gone[i]} if i in self.gone else {})}
                for i, endpoint in enumerate(self.endpoints)]


def losses(engine: Engine) -> int:
    """How many times one of the browser servers a run shares its pages
    among was lost while it went on (0 for a single browser). A page that
    failed while the count went up gets another attempt that its retries do
    not pay for: it was the server, not the page."""
    return engine.losses if isinstance(engine, ServerPool) else 0


async def lost_since(engine: Engine, before: int) -> bool:
    """Whether a browser server was lost since :func:`losses` was ``before``,
    each server asked first (:meth:`ServerPool.check`): for a page that failed."""
    if not isinstance(engine, ServerPool):
        return False
    await engine.check()
    return engine.losses > before
