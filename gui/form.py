"""The set-up form: what to audit and how.

Every control has a visible label that is its buddy (so a mnemonic moves
focus to it) and an accessible name. The form reads and writes its settings
as the plain dictionary of :mod:`auditor.gui.project`.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from auditor import CHECKS, ENGINES, FAMILIES, NETWORK_PROFILES, PROFILES, profile_checks

from .a11y import add_row, chain_tab_order, named
from .project import FORM_DEFAULTS, as_list, initial_state, split_lines

KNOWN_ENGINES = tuple(dict.fromkeys(("playwright", "selenium", *ENGINES)))


class SetupForm(QWidget):
    """The audit's settings; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._profiles: dict[str, tuple[str, ...]] = dict(PROFILES)
        layout = QVBoxLayout(self)
        layout.addWidget(self._pages_box())
        layout.addWidget(self._crawl_box())
        layout.addWidget(self._journeys_box())
        layout.addWidget(self._checks_box())
        layout.addWidget(self._browser_box())
        layout.addStretch(1)
        chain_tab_order(self.focus_order())
        self.set_state(initial_state())

    # building

    def _pages_box(self) -> QGroupBox:
        box = QGroupBox("Pages")
        form = QFormLayout(box)
        self.urls = QPlainTextEdit()
        self.urls.setTabChangesFocus(True)
        self.urls.setPlaceholderText("https://www.example.gov.uk/apply\nhttps://www.example.gov.uk/apply/eligibility")
        self.urls.setMinimumHeight(self.fontMetrics().height() * 4)
        add_row(form, "Web &addresses (one per line):", self.urls, "Paste the addresses of the pages to audit, one on each line.")
        self.sitemap = QLineEdit()
        self.sitemap.setPlaceholderText("https://www.example.gov.uk/sitemap.xml")
        add_row(form, "&Sitemap:", self.sitemap, "Audit the pages a sitemap lists (several addresses: separate them with spaces).")
        return box

    def _crawl_box(self) -> QGroupBox:
        box = QGroupBox("Crawl")
        form = QFormLayout(box)
        self.crawl = QLineEdit()
        self.crawl.setPlaceholderText("https://www.example.gov.uk/")
        add_row(form, "Crawl &from:", self.crawl, "Follow links from this page to find pages on the same site (several start pages: separate them with spaces).")
        self.max_pages = QSpinBox()
        self.max_pages.setRange(1, 100_000)
        add_row(form, "Most &pages:", self.max_pages, "Stop crawling after this many pages.")
        self.max_depth = QSpinBox()
        self.max_depth.setRange(0, 100)
        add_row(form, "Most lin&ks deep:", self.max_depth, "How many links away from the start page to go.")
        self.include = QLineEdit()
        add_row(form, "&Include:", self.include, "Only pages whose address matches one of these patterns (regular expressions, separated by spaces).")
        self.exclude = QLineEdit()
        add_row(form, "E&xclude:", self.exclude, "Skip pages whose address matches one of these patterns (regular expressions, separated by spaces).")
        return box

    def _journeys_box(self) -> QGroupBox:
        box = QGroupBox("Journeys")
        form = QFormLayout(box)
        self.journeys = QListWidget()
        self.journeys.setMaximumHeight(self.fontMetrics().height() * 5)
        add_row(form, "&Journey files:", self.journeys, "Files of steps through a service; each checkpoint is audited.")
        buttons = QHBoxLayout()
        self.add_journey = named(QPushButton("Add journey file…"), "Add journey file")
        self.remove_journey = named(QPushButton("Remove journey file"), "Remove the selected journey file")
        self.add_journey.clicked.connect(self._choose_journeys)
        self.remove_journey.clicked.connect(self._remove_journey)
        buttons.addWidget(self.add_journey)
        buttons.addWidget(self.remove_journey)
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    def _checks_box(self) -> QGroupBox:
        box = QGroupBox("Checks")
        form = QFormLayout(box)
        self.profile = QComboBox()
        self.profile.addItems(list(PROFILES))
        add_row(form, "P&rofile:", self.profile, "A named set of checks; choosing one ticks its checks below.")
        self.profile.currentTextChanged.connect(self._apply_profile)
        self.family_boxes: dict[str, QCheckBox] = {}
        for family in FAMILIES:
            title = CHECKS[family].title if family in CHECKS else family
            check = QCheckBox(title)
            named(check, f"Check: {title}")
            check.toggled.connect(self.changed)
            self.family_boxes[family] = check
            form.addRow(check)
        self.network = QComboBox()
        for name, profile in NETWORK_PROFILES.items():
            self.network.addItem(f"{name} ({profile.down_kbps:g} kbit/s, {profile.rtt_ms:g} ms)", name)
        add_row(form, "&Network:", self.network, "Load times are estimated for every network; this one is used when pages are really slowed down.")
        self.applied = named(QCheckBox("Really load pages at this network's speed (slower)"), "Really load pages at the network's speed")
        form.addRow(self.applied)
        return box

    def _browser_box(self) -> QGroupBox:
        box = QGroupBox("Browser")
        form = QFormLayout(box)
        self.engine = QComboBox()
        self.engine.addItems(list(KNOWN_ENGINES))
        add_row(form, "&Engine:", self.engine, "Which browser automation drives the browser.")
        self.webdriver_url = QLineEdit()
        self.webdriver_url.setPlaceholderText("http://grid.internal:4444")
        add_row(form, "&WebDriver address:", self.webdriver_url, "A Selenium Grid or other remote WebDriver (Selenium engine).")
        self.browser_ws = QLineEdit()
        self.browser_ws.setPlaceholderText("ws://browsers.internal:3000/")
        add_row(form, "Remote &browsers:", self.browser_ws, "Browser servers to connect to (Playwright engine), separated by spaces: the pages are shared out among them.")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        add_row(form, "Pages at &once:", self.concurrency, "How many pages are audited at the same time.")
        for widget in (self.sitemap, self.crawl, self.include, self.exclude, self.webdriver_url, self.browser_ws):
            widget.textChanged.connect(self.changed)
        self.urls.textChanged.connect(self.changed)
        return box

    def focus_order(self) -> list[QWidget]:
        """The controls in the order Tab visits them: top to bottom."""
        return [
            self.urls, self.sitemap, self.crawl, self.max_pages, self.max_depth, self.include, self.exclude,
            self.journeys, self.add_journey, self.remove_journey, self.profile, *self.family_boxes.values(),
            self.network, self.applied, self.engine, self.webdriver_url, self.browser_ws, self.concurrency,
        ]

    # behaviour

    def _apply_profile(self, name: str) -> None:
        families = self._profiles.get(name, ())
        for family, box in self.family_boxes.items():
            box.setChecked(family in families)

    def _choose_journeys(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Choose journey files", "", "Journey files (*.toml);;All files (*)")
        self.add_journeys(paths)

    def add_journeys(self, paths: Iterable[str]) -> None:
        present = set(self._journey_paths())
        for path in paths:
            if path not in present:
                self.journeys.addItem(path)
                present.add(path)
        self.changed.emit()

    def _remove_journey(self) -> None:
        for item in self.journeys.selectedItems():
            self.journeys.takeItem(self.journeys.row(item))
        self.changed.emit()

    def _journey_paths(self) -> list[str]:
        return [self.journeys.item(i).text() for i in range(self.journeys.count())]

    # settings

    def state(self) -> dict[str, Any]:
        """The form's settings (names as in the config file)."""
        return {
            "urls": split_lines(self.urls.toPlainText()),
            "sitemap": self.sitemap.text().split(),
            "crawl": self.crawl.text().split(),
            "max_pages": self.max_pages.value(),
            "max_depth": self.max_depth.value(),
            "include": self.include.text().split(),
            "exclude": self.exclude.text().split(),
            "journeys": self._journey_paths(),
            "profile": self.profile.currentText(),
            "checks": [f for f, box in self.family_boxes.items() if box.isChecked()],
            "throttle": "applied" if self.applied.isChecked() else "simulated",
            "throttle_profile": self.network.currentData(),
            "engine": self.engine.currentText(),
            "webdriver_url": self.webdriver_url.text().strip(),
            "browser_ws": self.browser_ws.text().split(),
            "concurrency": self.concurrency.value(),
        }

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Show ``state``; settings it lacks keep their defaults."""
        values = {**initial_state(), **{k: v for k, v in state.items() if k in FORM_DEFAULTS}}
        self.urls.setPlainText("\n".join(values["urls"]))
        self.sitemap.setText(" ".join(as_list(values["sitemap"])))
        self.crawl.setText(" ".join(as_list(values["crawl"])))
        self.max_pages.setValue(int(values["max_pages"]))
        self.max_depth.setValue(int(values["max_depth"]))
        self.include.setText(" ".join(as_list(values["include"])))
        self.exclude.setText(" ".join(as_list(values["exclude"])))
        self.journeys.clear()
        self.journeys.addItems(as_list(values["journeys"]) if not isinstance(values["journeys"], str) else [values["journeys"]])
        if self.profile.findText(values["profile"]) < 0:
            self.profile.addItem(values["profile"])
        self.profile.setCurrentText(values["profile"])
        self._apply_profile(values["profile"])
        if values["checks"]:
            for family, box in self.family_boxes.items():
                box.setChecked(family in values["checks"])
        self.applied.setChecked(values["throttle"] == "applied")
        index = self.network.findData(values["throttle_profile"])
        self.network.setCurrentIndex(max(index, 0))
        if self.engine.findText(values["engine"]) < 0:
            self.engine.addItem(values["engine"])
        self.engine.setCurrentText(values["engine"])
        self.webdriver_url.setText(values["webdriver_url"])
        self.browser_ws.setText(" ".join(as_list(values["browser_ws"])))
        self.concurrency.setValue(int(values["concurrency"]) or 1)
        self.changed.emit()

    def add_profiles(self, profiles: Mapping[str, Mapping[str, Any]]) -> None:
        """Offer the profiles a project file defines (name -> {"checks": [...]})."""
        for name, profile in profiles.items():
            try:
                self._profiles[name] = profile_checks(name, profile)
            except ValueError:  # saved settings that no longer read are left out
                continue
            if self.profile.findText(name) < 0:
                self.profile.addItem(name)
