"""The browser engines: one :class:`~auditor.engines.base.Engine` interface,
driven through Playwright or Selenium (locally or on a remote browser).
Each engine module is imported only when a run asks for it."""
