"""The runner, one module per job.

- :mod:`.browser`: the engine a run uses, shared by workers (the gate that
  relaunches it) and the spare visits kept open between pages;
- :mod:`.pipeline`: one loaded page to a :class:`~auditor.model.PageResult`
  (collectors, then the checks off the event loop);
- :mod:`.scheduler`: the queue of targets, workers, retries and crawl
  discovery (:class:`Runner`);
- :mod:`.journey_walk`: walking a journey and auditing its checkpoints (the
  journey files themselves are read by :mod:`auditor.journeys`);
- :mod:`.servers`: several browser servers as one engine, the run's pages
  shared out among them;
- :mod:`.session`: a run recorded in a store, driven on a thread of its own
  (:class:`AuditRun`) and its progress events;
- :mod:`.plan`: what a run is given (targets, addresses, secrets to hide)
  and the inputs it stores.

Imports point down: session → scheduler → journey_walk → pipeline → browser.
"""
