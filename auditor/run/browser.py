"""The engine a run uses: made from the settings, shared among workers by a
gate that relaunches it, and the spare visits kept open between pages."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from ..config import AuditConfig
from ..engines.base import Engine, Visit

OPEN_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 10.0


def make_engine(config: AuditConfig) -> Engine:
    if config.engine == "playwright":
        from ..engines.playwright import PlaywrightEngine

        if len(config.browser_ws) > 1:
            from .servers import ServerPool

            members = [PlaywrightEngine(config.browser, config.browser_args, browser_ws=ws) for ws in config.browser_ws]
            return ServerPool(members, config.browser_ws, config.relaunch_every)
        return PlaywrightEngine(config.browser, config.browser_args, browser_ws=config.browser_ws[0] if config.browser_ws else "")
    if config.engine == "selenium":
        from ..engines.selenium import SeleniumEngine

        return SeleniumEngine(
            config.browser,
            config.browser_args,
            webdriver_url=config.webdriver_url,
            reuse_sessions=config.reuse_sessions,
            sessions=config.concurrency,
            timeout_s=config.timeout,
        )
    raise ValueError(f"unknown engine {config.engine!r}")  # guarded by AuditConfig


class BrowserGate:
    """Shares one engine among workers and relaunches it when it crashed or
    has served ``relaunch_every`` pages, once no visit is using it."""

    def __init__(self, engine: Engine, relaunch_every: int, before_relaunch: Callable[[], Awaitable[None]] | None = None) -> None:
        self.engine = engine
        self.relaunch_every = relaunch_every
        self.before_relaunch = before_relaunch
        self._cond = asyncio.Condition()
        self._active = 0
        self._relaunching = False
        self.relaunches = 0
        self._broken = False

    def mark_broken(self) -> None:
        self._broken = True

    async def acquire(self) -> None:
        async with self._cond:
            await self._cond.wait_for(lambda: not self._relaunching)
            engine = self.engine
            if self._broken or not engine.connected or engine.pages_since_launch >= self.relaunch_every:
                self._relaunching = True
                try:
                    await self._cond.wait_for(lambda: self._active == 0)
                    if self.before_relaunch is not None:
                        await self.before_relaunch()
                    self._broken = True  # until the relaunch has worked: a failed one is tried again
                    await engine.restart()
                    self.relaunches += 1
                    self._broken = False
                finally:
                    self._relaunching = False
                    self._cond.notify_all()
            self._active += 1

    async def release(self) -> None:
        async with self._cond:
            self._active -= 1
            self._cond.notify_all()


class SpareVisits:
    """Visits kept open between pages for the families that load each page
    again in a context of their own (JavaScript off).

    Opening a browser context and a page costs the browser more than loading
    a page into one already open: the JavaScript-off load went from 570 to
    320 CPU ms a page here when its visit was reused (benchmark pages, 2
    cores). A visit comes back only after a collection that finished and an
    engine ``reset`` that succeeded; a relaunch drops them all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._idle: dict[bool, list[Visit]] = {}

    def take(self, javascript: bool) -> Visit | None:
        idle = self._idle.get(javascript)
        return idle.pop() if idle else None

    async def give_back(self, visit: Visit, javascript: bool) -> bool:
        """Keep ``visit`` for a later page; False when it cannot be kept."""
        idle = self._idle.setdefault(javascript, [])
        if len(idle) >= self.limit:
            return False
        try:
            if not await asyncio.wait_for(visit.reset(), CLOSE_TIMEOUT_S):
                return False
        except (asyncio.TimeoutError, Exception):
            return False
        idle.append(visit)
        return True

    async def close_all(self) -> None:
        idle = [v for visits in self._idle.values() for v in visits]
        self._idle.clear()
        await asyncio.gather(*(close_quietly(v) for v in idle))


async def close_quietly(visit: Visit) -> None:
    try:
        await asyncio.wait_for(visit.close(), CLOSE_TIMEOUT_S)
    except (asyncio.TimeoutError, Exception):
        pass
