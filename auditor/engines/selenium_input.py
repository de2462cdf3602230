"""The Selenium engine's input: keys pressed and journey steps taken.

Journey steps are WebDriver's element commands, each waiting for its
element, then for the page the step may open, then a settle, as the
Playwright engine takes them; keys use the collectors' (Playwright's) names.
:class:`WebDriverInput` is the part of :class:`~.selenium.SeleniumVisit`
that does this, on the visit's session, threads and network log.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from ..model import PageFailure
from .chromium import NAVIGATION_GRACE_S, STEP_SETTLE_MS, SUBMIT_CONTROLS, step_timeout
from .selenium_devtools import main_document_error
from .selenium_sessions import error_message


# Playwright's key names, as the collectors use them, to WebDriver's keys.
KEY_NAMES = {
    "Tab": Keys.TAB,
    "Enter": Keys.ENTER,
    "Escape": Keys.ESCAPE,
    "Space": Keys.SPACE,
    "Backspace": Keys.BACKSPACE,
    "Delete": Keys.DELETE,
    "Home": Keys.HOME,
    "End": Keys.END,
    "PageUp": Keys.PAGE_UP,
    "PageDown": Keys.PAGE_DOWN,
    "ArrowUp": Keys.ARROW_UP,
    "ArrowDown": Keys.ARROW_DOWN,
    "ArrowLeft": Keys.ARROW_LEFT,
    "ArrowRight": Keys.ARROW_RIGHT,
    "Shift": Keys.SHIFT,
    "Control": Keys.CONTROL,
    "Alt": Keys.ALT,
    "Meta": Keys.META,
}


def parse_key(key: str) -> tuple[list[str], str]:
    """``"Shift+Tab"`` -> ([SHIFT], TAB): modifiers held, then the key pressed."""
    *modifiers, last = key.split("+") if key != "+" else [key]
    unknown = [m for m in modifiers if m not in KEY_NAMES]
    if unknown or (len(last) > 1 and last not in KEY_NAMES):
        raise ValueError(f"unknown key {key!r}")
    return [KEY_NAMES[m] for m in modifiers], KEY_NAMES.get(last, last)


class WebDriverInput:
    """Keys and journey steps of a visit: a mixin of
    :class:`~.selenium.SeleniumVisit`, whose session (``driver``, ``target``),
    network log (``_network``, ``_drain``), guarded calls (``_guarded``) and
    step ending (``after_step``, from :class:`~.chromium.ChromiumVisit`) it uses."""

    driver: webdriver.Remote
    target: str
    _network: list[dict[str, Any]]
    _drain: Callable[[], None]
    _guarded: Callable[..., Any]
    after_step: Callable[..., Any]

    # journey steps: WebDriver's element commands, each waiting for its element

    def _element(self, selector: str, timeout_s: float, condition: Callable[..., Any] = shown.element_to_be_clickable) -> WebElement:
        return WebDriverWait(self.driver, timeout_s, poll_frequency=0.1).until(condition((By.CSS_SELECTOR, selector)))

    def _documents(self) -> int:
        """Main-frame document requests so far: one more means the step loads a page."""
        return sum(1 for e in self._network if e["method"] == "Network.requestWillBeSent" and e["params"].get("type") == "Document" and e["params"].get("frameId") == self.target)

    def _then_load(self, action: Callable[[], None], timeout_s: float) -> None:
        """Do ``action``; if it starts loading a page, wait for that page's load."""
        self._drain()
        before = self._documents()
        action()
        grace = time.monotonic() + NAVIGATION_GRACE_S
        while self._documents() == before and time.monotonic() < grace:
            time.sleep(0.05)
            self._drain()
        if self._documents() > before:
            WebDriverWait(self.driver, timeout_s, poll_frequency=0.1).until(lambda d: d.execute_script("return document.readyState") == "complete")
            self._drain()

    async def _act(self, action: Callable[[], None], timeout_s: float, settle_ms: int = STEP_SETTLE_MS) -> None:
        """A journey step, as the Playwright engine does it: the step, the page
        it may open, then a settle; failures become page failures."""
        try:
            await self._guarded(functools.partial(self._then_load, action, timeout_s))
        except TimeoutException:
            raise step_timeout(timeout_s) from None
        except (WebDriverException, ValueError) as exc:
            raise PageFailure("network", error_message(exc)[:300]) from None
        await self.after_step(settle_ms, failed=bool(main_document_error(self._network, self.target)))

    async def click(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self._element(selector, timeout_s).click(), timeout_s)

    async def fill(self, selector: str, value: str, timeout_s: float) -> None:
        def run() -> None:
            field = self._element(selector, timeout_s, shown.visibility_of_element_located)
            field.clear()
            field.send_keys(value)

        await self._act(run, timeout_s, 0)

    async def select(self, selector: str, value: str, timeout_s: float) -> None:
        def run() -> None:
            field = Select(self._element(selector, timeout_s, shown.visibility_of_element_located))
            try:
                field.select_by_value(value)
            except NoSuchElementException:
                field.select_by_visible_text(value)

        await self._act(run, timeout_s)

    async def check(self, selector: str, timeout_s: float) -> None:
        def run() -> None:
            box = self._element(selector, timeout_s)
            if not box.is_selected():
                box.click()

        await self._act(run, timeout_s)

    async def press_on(self, selector: str, key: str, timeout_s: float) -> None:
        modifiers, pressed = parse_key(key)

        def run() -> None:
            if selector:
                self._element(selector, timeout_s, shown.visibility_of_element_located).send_keys(*modifiers, pressed)
            else:
                self._press(modifiers, pressed)

        await self._act(run, timeout_s)

    async def submit(self, selector: str, timeout_s: float) -> None:
        def run() -> None:
            target = self._element(selector, timeout_s, shown.presence_of_element_located)
            if target.tag_name.lower() == "form":
                target = target.find_element(By.CSS_SELECTOR, SUBMIT_CONTROLS)
            target.click()

        await self._act(run, timeout_s)

    async def wait_for(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self._element(selector, timeout_s, shown.visibility_of_element_located) and None, timeout_s, 0)

    async def press(self, key: str) -> None:
        await self._guarded(functools.partial(self._press, *parse_key(key)))

    async def press_many(self, key: str, times: int) -> None:
        """Every press in one WebDriver actions command: one round trip for
        the batch, each key still pressed and released in turn."""
        await self._guarded(functools.partial(self._press, *parse_key(key), times))

    async def hover(self, x: float, y: float) -> None:
        """A WebDriver pointer move to a point of the viewport (not to an element)."""
        def move() -> None:
            builder = ActionBuilder(self.driver)
            builder.pointer_action.move_to_location(int(x), int(y))
            builder.perform()

        await self._guarded(move)

    def _press(self, modifiers: list[str], pressed: str, times: int = 1) -> None:
        chain = ActionChains(self.driver)
        for _ in range(times):
            for modifier in modifiers:
                chain.key_down(modifier)
            chain.send_keys(pressed)
            for modifier in reversed(modifiers):
                chain.key_up(modifier)
        chain.perform()
