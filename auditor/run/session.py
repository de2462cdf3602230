"""A run recorded in a store, driven on a thread of its own.

:class:`AuditRun` drives the asynchronous :class:`~auditor.run.scheduler.Runner`
on a thread of its own and hands results to the caller as a plain generator,
writing each one to the store as soon as it is finished; progress reaches the
caller's observer as events, on the caller's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from ..version import __version__
from ..auth import resolve_session
from ..collectors.axe import axe_version
from ..config import AuditConfig
from ..errors import ConfigError
from ..engines.base import Engine, SessionOptions
from ..journeys import Journey
from ..model import PageResult
from ..redact import has_hidden_credentials
from ..registry import RunSettings, run_settings
from ..store import FAILURE, Store, StoreError
from ..targets import Frontier
from .browser import make_engine
from .servers import ServerPool
from .pipeline import one_line
from .plan import (CRAWL_DEPTHS, CRAWL_LINKS, checked_journeys, given_addresses, is_journey_key, pages_in_flight, redacted_skip,
                   run_redactor, run_targets, start_depths, stored_settings)
from .scheduler import PageLinks, Runner


# Progress events, delivered to the observer on the caller's thread.
@dataclass(frozen=True)
class RunStarted:
    run_id: str
    total: int
    done: int
    note: str = ""
    """Why fewer pages are audited at once than ``concurrency`` asks (:func:`pages_in_flight`)."""


@dataclass(frozen=True)
class PageStarted:
    url: str


@dataclass(frozen=True)
class PageFinished:
    result: PageResult


@dataclass(frozen=True)
class TargetsFound:
    """A crawl found more pages: the run now has ``total`` targets."""

    total: int


Event = RunStarted | PageStarted | PageFinished | TargetsFound
Observer = Callable[[Event], None]


def tool_info(config: AuditConfig, engine: Engine) -> dict[str, Any]:
    """What audited the run; with several browser servers, how many visits
    each was given and which left the run (:meth:`ServerPool.summary`)."""
    info: dict[str, Any] = {
        "name": "inclusion-auditor",
        "version": __version__,
        "axe_version": axe_version(config.axe_script),
        "engine": engine.name,
        "browser": engine.browser_version,
    }
    if isinstance(engine, ServerPool):
        info["browser_servers"] = engine.summary()
    return info


class AuditRun:
    """One run over a list of URLs, recorded in a :class:`Store`.

    ``results()`` is a generator of page results (in the order they finish).
    The asynchronous work happens on a thread of its own, so a GUI or a
    progress bar can consume the generator from any thread; ``cancel()`` may
    be called from any thread. Every finished page is committed to the store
    before it is yielded.
    """

    def __init__(self, store: Store, run_id: str, config: AuditConfig, engine: Engine | None = None,
                 addresses: Mapping[str, str] | None = None, settings: RunSettings | None = None,
                 session: SessionOptions | None = None) -> None:
        self.settings = settings or run_settings(config)
        """``config`` checked once (:func:`~auditor.registry.run_settings`)."""
        self.store = store
        self.run_id = run_id
        self.config = config = self.settings.config
        failure = store.get_input(run_id, FAILURE)
        if failure is not None:
            raise StoreError(f"run {run_id} failed before it audited any page ({failure}); start it again instead of resuming it")
        self.addresses = dict(addresses or {})
        """Targets given with credentials in their address: the address as
        given, by target (which names it with the credentials hidden)."""
        self._check_credentials()
        self.engine = engine or make_engine(config)
        pages_in_flight(self.settings, self.engine.slots)  # a Grid too small for one page: one line now, not a stalled run
        # Secrets are read from the environment now, and only into memory.
        self.engine.session = session or resolve_session(config.auth, config.contact)
        self.journeys = checked_journeys(self.settings)
        self.redactor = run_redactor(config, self.journeys, self.addresses.values())
        """Applied to every result before it is stored, yielded or printed."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._cancelled = threading.Event()

    @classmethod
    def start_new(cls, store: Store, config: AuditConfig, engine: Engine | None = None,
                  settings: RunSettings | None = None) -> "AuditRun":
        """Create a run in the store for ``config.urls`` (``settings``:
        ``config`` already checked by :func:`~auditor.registry.run_settings`)."""
        from ..baseline import load_baseline, load_ignores

        settings = settings or run_settings(config)
        config = settings.config
        # Read what the run is compared with first: a mistake there creates nothing.
        baseline = load_baseline(config.baseline, store) if config.baseline else None
        ignores = [i.to_dict() for i in load_ignores(config.ignore_file)] if config.ignore_file else None
        engine = engine or make_engine(config)
        pages_in_flight(settings, engine.slots)  # a Grid too small for one page creates nothing
        session = resolve_session(config.auth, config.contact)  # an unset variable creates nothing
        journeys = checked_journeys(settings)
        addresses = given_addresses(config.urls)
        redactor = run_redactor(config, journeys, addresses.values())  # nor does a value too short to hide
        targets, skipped = run_targets(settings, journeys, addresses, redactor)
        run_id = store.create_run(stored_settings(config, addresses).to_dict(), tool_info(config, engine), targets)
        store.add_skipped(run_id, [redacted_skip(redactor, page) for page in skipped])
        if config.crawl:
            store.set_input(run_id, CRAWL_DEPTHS, start_depths(config))
        if baseline is not None:
            store.set_input(run_id, "baseline", baseline)
        if ignores is not None:
            store.set_input(run_id, "ignores", ignores)
        return cls(store, run_id, config, engine, {name: a for name, a in addresses.items() if name != a}, settings, session)

    def _check_credentials(self) -> None:
        """A resumed run has lost the credentials written in its addresses
        (they are never stored): say so in one line rather than load its
        pages without them."""
        finished = self.store.finished_urls(self.run_id)
        lost = [t for t in self.store.run_targets(self.run_id)
                if has_hidden_credentials(t) and t not in self.addresses and t not in finished and not is_journey_key(t)]
        if lost:
            raise ConfigError(f"run {self.run_id} loads {lost[0]} with the credentials written in its address, which are never stored: "
                              "start the run again (or sign in with [auth], whose secrets a resumed run reads again)")
        for name, address in [("webdriver_url", self.config.webdriver_url), *(("browser_ws", ws) for ws in self.config.browser_ws)]:
            if has_hidden_credentials(address):
                raise ConfigError(f"run {self.run_id} reached its browser at {address} with credentials that are never stored: "
                                  f"give --{name.replace('_', '-')} again")

    def cancel(self) -> None:
        """Stop the run: pages in flight are abandoned, finished pages stay stored."""
        self._cancelled.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has already finished
                pass

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def results(self, observer: Observer | None = None) -> Iterator[PageResult]:
        observe = observer or (lambda event: None)
        targets = self.store.run_targets(self.run_id)
        finished = self.store.finished_urls(self.run_id)
        known = set(targets)
        todo: list[str | Journey] = [u for u in targets if u not in finished and not is_journey_key(u)]
        todo += [j for j in self.journeys if any(k not in finished for k in j.targets())]
        runner = Runner(self.config, self.engine, self.settings)
        observe(RunStarted(self.run_id, total=len(targets), done=len(known & finished), note=runner.in_flight_note))

        inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        runner.addresses = self.addresses
        unweighed: dict[str, Any] = {}
        if self.config.crawl:
            depths = self.store.get_input(self.run_id, CRAWL_DEPTHS) or {}
            # A page skipped before is not weighed again: it is listed once.
            runner.frontier = Frontier.from_config(self.config, [*targets, *(s.url for s in self.store.skipped(self.run_id))], depths,
                                                   hidden=self.redactor.contains, patterns=self.settings.patterns)
            unweighed = dict(self.store.get_input(self.run_id, CRAWL_LINKS) or {})
        # Links of pages stored before the run stopped, never weighed; an
        # unfinished page's links are read again when it is audited.
        weigh = [PageLinks(url, entry["final_url"], tuple(entry["links"])) for url, entry in unweighed.items() if url in finished]
        if not todo and not weigh:
            self.store.finish_run(self.run_id)
            return

        def remember(links: PageLinks) -> None:
            """Keep a crawled page's links until they are weighed, so a crawl
            stopped in between weighs them when it resumes. A link holding a
            value read from the environment is never stored (nor followed)."""
            unweighed[links.url] = {"final_url": links.final_url, "links": [u for u in links.links if not self.redactor.contains(u)]}
            self.store.set_input(self.run_id, CRAWL_LINKS, unweighed)

        def discovered(url: str, urls: list[str]) -> None:
            """Record a crawl's new pages, with their depths, before they are
            audited, and that ``url``'s links are weighed: one write."""
            weighed = unweighed.pop(url, None) is not None
            inputs = {CRAWL_LINKS: unweighed} if weighed else {}
            if urls:
                if runner.frontier is not None:
                    inputs[CRAWL_DEPTHS] = runner.frontier.depths()
                self.store.add_targets(self.run_id, urls, inputs)
                known.update(urls)
                inbox.put(("grew", len(known)))
            elif weighed:
                self.store.set_input(self.run_id, CRAWL_LINKS, unweighed)

        def save(result: PageResult) -> PageResult:
            """Store the result, redacted: what the store keeps is all anyone sees."""
            result = self.redactor.result(result)
            if result.url not in known:  # a journey's row for a step after its last checkpoint
                self.store.add_targets(self.run_id, [result.url])
                known.add(result.url)
            self.store.save_page(self.run_id, result)
            return result

        async def main() -> None:
            self._task = asyncio.current_task()
            if self._cancelled.is_set():  # cancelled before the task existed
                return
            try:
                gen = runner.results(
                    todo,
                    on_start=lambda url: inbox.put(("start", self.redactor.text(url))),
                    on_ready=lambda: self.store.update_tool(self.run_id, tool_info(self.config, self.engine)),
                    on_discover=discovered,
                    on_skip=lambda pages: self.store.add_skipped(self.run_id, [redacted_skip(self.redactor, p) for p in pages]),
                    on_links=remember,
                    weigh=weigh,
                )
                try:
                    async for result in gen:
                        inbox.put(("page", save(result)))
                finally:
                    await gen.aclose()
                    if isinstance(self.engine, ServerPool):  # how the pages were shared out, and any server lost
                        with contextlib.suppress(StoreError):
                            self.store.update_tool(self.run_id, tool_info(self.config, self.engine))
            except asyncio.CancelledError:
                pass
            except BaseException as exc:
                inbox.put(("fault", exc))

        def thread_main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                if not self._cancelled.is_set():
                    loop.run_until_complete(main())
            finally:
                loop.close()
                inbox.put(("end", None))

        thread = threading.Thread(target=thread_main, name=f"audit-{self.run_id}", daemon=True)
        thread.start()
        try:
            while True:
                kind, payload = inbox.get()
                if kind == "start":
                    observe(PageStarted(payload))
                elif kind == "grew":
                    observe(TargetsFound(payload))
                elif kind == "page":
                    observe(PageFinished(payload))
                    yield payload
                elif kind == "fault":
                    if not self.store.finished_urls(self.run_id):  # nothing to resume: say so in the store
                        with contextlib.suppress(StoreError):  # unless the fault is that it cannot be written
                            self.store.fail_run(self.run_id, self.redactor.text(one_line(payload)))
                    raise payload
                else:
                    break
        finally:
            if thread.is_alive():
                self.cancel()
                thread.join()
        if not self.cancelled and not unweighed and not set(self.store.run_targets(self.run_id)) - self.store.finished_urls(self.run_id):
            self.store.finish_run(self.run_id)
