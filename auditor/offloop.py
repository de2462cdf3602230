"""Work that must not hold the event loop, done on a thread of its own.

The runner's event loop keeps every deadline and hears every cancellation:
a page's ``asyncio.wait_for`` fires only when the loop gets control back,
and a cancelled run (Ctrl-C, SIGTERM) ends only once the loop has wound its
tasks down. So anything that computes for long (the checks) or may wait on
the network (robots.txt) runs on a thread, and the loop just awaits it.

Not :func:`asyncio.to_thread`: its threads belong to the loop's default
executor, which the interpreter waits for at exit, so one abandoned call
would keep a stopped run's process alive until it returned. These threads
are daemons: abandoned (at a deadline, or when the run is cancelled) they
finish in the background, and never hold the process open. What runs on them
must be bounded on its own (the checks' limits, the fetch deadline).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def _settle(future: "asyncio.Future[Any]", value: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled while the thread worked
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a daemon thread; cancelling the await abandons it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def work() -> None:
        value: Any = None
        error: BaseException | None = None
        try:
            value = fn(*args)
        except BaseException as exc:  # handed to the awaiting task
            error = exc
        try:
            loop.call_soon_threadsafe(_settle, future, value, error)
        except RuntimeError:  # the loop has closed: no one is waiting any more
            pass

    threading.Thread(target=work, name=f"off-loop {getattr(fn, '__qualname__', fn)}", daemon=True).start()
    return await future
