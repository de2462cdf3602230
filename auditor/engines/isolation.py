"""The audit's own JavaScript world in the page, where the page cannot reach it.

A page's scripts run in the page's main world and can change anything there:
replace ``window.axe`` or ``axe.run`` so that axe-core reports nothing,
redefine ``innerText`` on ``HTMLElement.prototype`` so that every text reads
"Hi.", hook ``Array.prototype.map``. A script of the audit run in that world
reads what the page wants it to read. So every script of the audit (axe-core
and every collector's reading) runs in an isolated world instead, made with
the DevTools protocol's ``Page.createIsolatedWorld``: it shares the page's
DOM, but has globals and built-in prototypes of its own, which no script of
the page can see or change. Both engines reach it through the DevTools
protocol (Playwright through a CDP session, Selenium through chromedriver's
``goog/cdp/execute``); this module holds what they share: the commands, how
their answers are read, and (:class:`Worlds`) when a world is made, marked
and made again, as steps either engine sends its own way.

A world lives as long as its document: after a navigation, the next call
makes a new one (``Page.createIsolatedWorld`` gives the current document's
world of that name, new or not, so state a collector keeps on the world's
``window`` lasts as long as the page).

Execution context ids are numbered per renderer process, so after a
navigation to another site an id kept from before may name another context
of the new process, the page's own main world among them. Each world is
therefore marked, when it is made, with a token only this visit knows, and
every call first checks the token where it runs; a call that does not find
it runs nothing and is sent again to a world made afresh. The check reads
one property and compares it with ``===``: nothing of the page's can see the
token (a getter the page defines for the property is called from a strict
function, whose caller and arguments it cannot reach).

Left within the page's reach, and said so where it applies: what only the
page's own scripts define (click handler *properties*, read by
:meth:`Visit.evaluate_in_page`), and axe-core's messages between frames,
which travel by ``postMessage`` as every frame's scripts can see.
"""

from __future__ import annotations

import math
import secrets
from typing import Any, Awaitable, Callable, Generator, Iterator, TypeVar

T = TypeVar("T")

Command = tuple[str, dict[str, Any]]
Steps = Generator[Command, Any, T]
"""DevTools commands to send, one at a time: each is sent the answer to the
last (or thrown the error it met), and the generator's value is the result."""

WORLD_NAME = "inclusion-auditor"
WORLD_KEY = "__inclusionAuditorWorld"

_MISSING_CONTEXT = ("cannot find context with specified id", "no such execution context", "cannot find execution context")


class ScriptError(Exception):
    """A script of the audit threw in the page, or could not be run there."""


class StaleWorld(Exception):
    """The world a call was sent to is not this visit's (a context id kept
    from a document that is gone): make a new one and call again."""


def new_token() -> str:
    """The secret a visit marks its worlds with."""
    return secrets.token_hex(16)


def create_world_params(frame_id: str) -> dict[str, Any]:
    """``Page.createIsolatedWorld``: no universal access (the world keeps the
    frame's origin, as the page's own scripts have)."""
    return {"frameId": frame_id, "worldName": WORLD_NAME, "grantUniveralAccess": False}


# Run once in a world just made. Only operators and a built-in of this
# world's own: a world just made is the audit's, but should the id already
# name another context, nothing of a page's is called with the token.
MARK_WORLD = """function (key, token) {
  'use strict';
  if (!(key in globalThis)) Object.defineProperty(globalThis, key, {value: token, enumerable: false, writable: false, configurable: false});
  return globalThis[key] === token;
}"""

# Playwright's evaluate semantics (an expression, or a function of one
# argument; a promise is awaited), behind the check that this is the world.
_CALL = """function (__auditorKey, __auditorToken, __auditorArg) {
  const ours = ((key, token) => {
    'use strict';
    try { return globalThis[key] === token; } catch (e) { return false; }
  })(__auditorKey, __auditorToken);
  if (!ours) return {stale: true};
  return (async () => {
    const value = (%s
    );
    return {value: typeof value === 'function' ? await value(__auditorArg) : await value};
  })();
}"""


def mark_params(context_id: int, token: str) -> dict[str, Any]:
    """``Runtime.callFunctionOn`` marking a world just made with ``token``."""
    return {
        "functionDeclaration": MARK_WORLD,
        "executionContextId": context_id,
        "arguments": [{"value": WORLD_KEY}, {"value": token}],
        "returnByValue": True,
    }


def call_params(context_id: int, expression: str, arg: Any, token: str) -> dict[str, Any]:
    """``Runtime.callFunctionOn`` running ``expression`` (with ``arg``) in
    the world ``context_id``, if it is this visit's. ``userGesture`` as
    Playwright's own evaluate sends it."""
    return {
        "functionDeclaration": _CALL % expression.strip(),
        "executionContextId": context_id,
        "arguments": [{"value": WORLD_KEY}, {"value": token}, {"value": arg}],
        "returnByValue": True,
        "awaitPromise": True,
        "userGesture": True,
    }


def script_params(context_id: int, source: str) -> dict[str, Any]:
    """``Runtime.evaluate`` running a library script (axe-core) as a script
    of the world; its completion value is dropped rather than sent back."""
    return {"expression": f"{source}\n;void 0", "contextId": context_id, "returnByValue": True, "awaitPromise": False}


def _error_text(details: dict[str, Any]) -> str:
    exception = details.get("exception") or {}
    text = str(exception.get("description") or details.get("text") or "the script failed").strip()
    return text.splitlines()[0] if text else "the script failed"


def read_value(response: Any) -> Any:
    """The value a ``Runtime.evaluate`` or ``Runtime.callFunctionOn`` gave
    (None for ``undefined``); :class:`ScriptError` when the script threw."""
    if not isinstance(response, dict) or not ("result" in response or "exceptionDetails" in response):
        raise ScriptError("the browser gave no answer to the audit's script")
    if response.get("exceptionDetails"):
        raise ScriptError(_error_text(response["exceptionDetails"]))
    result = response.get("result") or {}
    if "unserializableValue" in result:
        return _unserializable(str(result["unserializableValue"]))
    return result.get("value")


def read_call(response: Any) -> Any:
    """The value of a call made with :func:`call_params`; :class:`StaleWorld`
    when it reached a world that is not this visit's."""
    wrapped = read_value(response)
    if not isinstance(wrapped, dict) or wrapped.get("stale"):
        raise StaleWorld()
    return wrapped.get("value")


def _unserializable(text: str) -> Any:
    if text.endswith("n") and text[:-1].lstrip("-").isdigit():  # a BigInt
        return int(text[:-1])
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}.get(text)


def is_missing_context(message: str) -> bool:
    """Whether a DevTools error says the context is gone (its document was
    replaced): the call ran nothing and may be sent again to a new world."""
    text = message.lower()
    return any(words in text for words in _MISSING_CONTEXT)


def frame_ids(tree: dict[str, Any], max_depth: int | None = None) -> Iterator[str]:
    """The ids of the frames of a ``Page.getFrameTree`` answer's
    ``frameTree`` below its root, parents first, at most ``max_depth``
    levels down (None: all)."""
    stack = [(child, 1) for child in reversed(tree.get("childFrames") or [])]
    while stack:
        node, depth = stack.pop()
        frame_id = (node.get("frame") or {}).get("id")
        if frame_id:
            yield frame_id
        if max_depth is None or depth < max_depth:
            stack.extend((child, depth + 1) for child in reversed(node.get("childFrames") or []))


class Worlds:
    """The audit's isolated world in each frame of one visit.

    Each method gives :data:`Steps`: the DevTools commands to send, which
    :func:`drive` sends with a blocking call (WebDriver) and
    :func:`drive_async` with an awaited one (a CDP session), so both engines
    make, mark and make again their worlds by one logic. ``missing_context``
    says whether an error a command met means the world's context is gone
    (each driver words it its own way); ``opaque`` whether an error in a
    child frame leaves that frame unread rather than failing the page."""

    def __init__(self, missing_context: Callable[[BaseException], bool], opaque: Callable[[BaseException], bool]) -> None:
        self.token = new_token()  # marks this visit's worlds
        self._contexts: dict[str, int] = {}  # frame id -> execution context of the audit's world there
        self._missing = missing_context
        self._opaque = opaque

    def world(self, frame_id: str, fresh: bool) -> Steps[int]:
        """The audit's isolated world in the frame's current document: the
        one kept from before, unless ``fresh``, or one made (and marked) now."""
        context = None if fresh else self._contexts.get(frame_id)
        if context is None:
            context = (yield ("Page.createIsolatedWorld", create_world_params(frame_id)))["executionContextId"]
            if not read_value((yield ("Runtime.callFunctionOn", mark_params(context, self.token)))):
                raise ScriptError("the audit's world in the page was taken by the page")
            self._contexts[frame_id] = context
        return context

    def call(self, frame_id: str, expression: str, arg: Any = None) -> Steps[Any]:
        """Run ``expression`` in the frame's isolated world; a world whose
        document has gone (a navigation) is made again once."""
        for attempt in range(2):
            context = yield from self.world(frame_id, fresh=attempt > 0)
            try:
                return read_call((yield ("Runtime.callFunctionOn", call_params(context, expression, arg, self.token))))
            except StaleWorld:
                pass
            except Exception as exc:
                if not self._missing(exc):
                    raise
            self._contexts.pop(frame_id, None)
        raise ScriptError("the page kept replacing its document while it was being read")

    def run_script(self, frame_id: str, source: str) -> Steps[None]:
        """Run a library script (axe-core) in the frame's world."""
        yield from self.call(frame_id, "true")  # the world is this visit's
        read_value((yield ("Runtime.evaluate", script_params(self._contexts[frame_id], source))))

    def inject(self, main_frame: str, source: str, max_depth: int | None = None) -> Steps[None]:
        """Into the world of the main frame (a failure there is the page's),
        then of every frame below it that DevTools lists (at most
        ``max_depth`` levels down), each in the world of its own document;
        a frame that went away or refuses scripts is audited as opaque."""
        yield from self.run_script(main_frame, source)
        tree = yield ("Page.getFrameTree", {})
        for frame_id in frame_ids(tree["frameTree"], max_depth):
            try:
                yield from self.run_script(frame_id, source)
            except Exception as exc:
                if not self._opaque(exc):
                    raise


def drive(steps: Steps[T], send: Callable[[str, dict[str, Any]], Any]) -> T:
    """Send each command of ``steps`` with a blocking ``send``; the steps' result."""
    reply: Any = None
    error: Exception | None = None
    while True:
        try:
            command = steps.throw(error) if error is not None else steps.send(reply)
        except StopIteration as done:
            return done.value
        try:
            reply, error = send(*command), None
        except Exception as exc:
            reply, error = None, exc


async def drive_async(steps: Steps[T], send: Callable[[str, dict[str, Any]], Awaitable[Any]]) -> T:
    """Send each command of ``steps`` with an awaited ``send``; the steps' result."""
    reply: Any = None
    error: Exception | None = None
    while True:
        try:
            command = steps.throw(error) if error is not None else steps.send(reply)
        except StopIteration as done:
            return done.value
        try:
            reply, error = await send(*command), None
        except Exception as exc:
            reply, error = None, exc
