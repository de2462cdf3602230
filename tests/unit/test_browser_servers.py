"""Several browser servers: ``--browser-ws`` given more than once, or a list
in the config file (one string still works), each address checked."""

from __future__ import annotations

import asyncio

import pytest

from auditor.cli import build_parser, settings_from
from auditor.config import AuditConfig, ConfigError
from auditor.registry import repeated, run_settings
from auditor.engines.remote import EndpointUnreachable
from auditor.run.plan import stored_settings
from auditor.run.servers import ServerPool

A, B = "ws://127.0.0.1:3000/", "wss://browsers.internal:3001/"


@pytest.mark.parametrize(
    ("value", "servers"),
    [([A, B], (A, B)), ((A,), (A,)), (A, (A,)), ("", ()), ([], ())],
)
def test_browser_ws_is_a_list_or_one_address(value, servers):
    assert AuditConfig.from_mapping({"browser_ws": value}).browser_ws == servers


@pytest.mark.parametrize("value", [3000, [A, 3000], {"url": A}])
def test_browser_ws_of_another_type_is_one_line(value):
    with pytest.raises(ConfigError, match="^config: browser_ws must be a list of strings$"):
        AuditConfig.from_mapping({"browser_ws": value})


def test_a_string_with_a_comma_is_one_address():
    """A password may hold a comma: one string is one server, never split."""
    assert AuditConfig.from_mapping({"browser_ws": "ws://user:a,b@host:3000/"}).browser_ws == ("ws://user:a,b@host:3000/",)


def _args(*extra: str):
    return build_parser().parse_args(["run", "https://example.org/", "--no-config", *extra])


def test_the_flag_given_twice_gives_two_servers():
    assert settings_from(_args("--browser-ws", A, "--browser-ws", B), {}).config.browser_ws == (A, B)
    assert settings_from(_args("--browser-ws", A), {}).config.browser_ws == (A,)
    assert settings_from(_args(), {}).config.browser_ws == ()


def test_the_flag_replaces_the_config_files_list(tmp_path):
    config = tmp_path / "inclusion-audit.toml"
    config.write_text(f'browser_ws = ["{A}", "{B}"]\n', encoding="utf-8")
    args = build_parser().parse_args(["run", "https://example.org/", "--config", str(config)])
    assert settings_from(args, {}).config.browser_ws == (A, B)
    args = build_parser().parse_args(["run", "https://example.org/", "--config", str(config), "--browser-ws", B])
    assert settings_from(args, {}).config.browser_ws == (B,)


@pytest.mark.parametrize(
    ("servers", "message"),
    [
        ([A, "http://127.0.0.1:3001/"], "browser_ws 'http://127.0.0.1:3001/' is not a valid address (expected ws://host:port...)"),
        (["ws://:3000/", B], "browser_ws 'ws://:3000/' is not a valid address (expected ws://host:port...)"),
        ([A, "ws://127.0.0.1:99999/"], "browser_ws 'ws://127.0.0.1:99999/' is not a valid address"),
        ([A, B, A], f"browser_ws '{A}' is given twice"),
    ],
)
def test_every_server_is_checked_in_one_line(servers, message):
    with pytest.raises(ConfigError) as error:
        run_settings(AuditConfig.from_mapping({"browser_ws": servers}))
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_servers_for_the_selenium_engine_are_refused():
    with pytest.raises(ConfigError, match="browser_ws is for the playwright engine"):
        run_settings(AuditConfig.from_mapping({"engine": "selenium", "browser_ws": [A, B]}))


def test_good_servers_pass():
    assert run_settings(AuditConfig.from_mapping({"browser_ws": [A, B]})).config.browser_ws == (A, B)


def test_repeated():
    assert repeated([A, B, A, A, B]) == [A, B]
    assert repeated([A, B]) == []


def test_each_servers_credentials_are_hidden_in_the_stored_settings():
    config = AuditConfig(browser_ws=("ws://user:secret@one:3000/", B))
    stored = stored_settings(config, {})
    assert "secret" not in str(stored.to_dict()) and stored.browser_ws[1] == B
    assert AuditConfig.from_mapping(stored.to_dict()).browser_ws == stored.browser_ws  # a resumed run reads them back


class _Server:
    """A hand-made stand-in for one server's engine: what the pool reads of it."""

    def __init__(self, open_visits: int = 0, reachable: bool = True) -> None:
        self.open_visits, self.reachable = open_visits, reachable
        self.connected = True
        self.pages_since_launch = 0
        self.browser_version = "Chromium 1"
        self.session = None

    async def start(self) -> None:
        if not self.reachable:
            raise EndpointUnreachable(f"cannot use the browser server at {id(self)}: connect ECONNREFUSED\nsecond line")
        self.connected = True

    async def stop(self) -> None:
        self.connected = False

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def shutdown(self) -> None:
        await self.stop()


def _pool(*servers: _Server) -> ServerPool:
    pool = ServerPool(servers, [f"ws://user:pw@host-{n}:3000/" for n in range(len(servers))], relaunch_every=100)
    asyncio.run(pool.start())
    return pool


def test_a_visit_goes_to_the_least_busy_server_then_the_least_used():
    first, second = _Server(open_visits=1), _Server(open_visits=0)
    pool = _pool(first, second)
    assert pool.choose() == 1
    second.open_visits = 1
    pool.visits = [3, 4]
    assert pool.choose() == 0
    assert [s["endpoint"] for s in pool.summary()] == ["ws://***@host-0:3000/", "ws://***@host-1:3000/"]


def test_a_lost_server_is_counted_once_and_left_out_when_it_cannot_come_back():
    first, second = _Server(), _Server()
    pool = _pool(first, second)
    assert (pool.losses, pool.connected) == (0, True)
    first.connected, first.reachable = False, False
    assert (pool.losses, pool.losses, pool.connected) == (1, 1, False)
    assert pool.choose() == 1  # never the lost one
    asyncio.run(pool.restart())
    assert pool.live == [1] and pool.connected
    assert pool.summary()[0]["gone"].endswith("connect ECONNREFUSED")  # one line
    second.connected, second.reachable = False, False
    with pytest.raises(EndpointUnreachable, match=r"^every browser server stopped answering \(ws://\*\*\*@host-0:3000/: .*; ws://\*\*\*@host-1:3000/: "):
        asyncio.run(pool.restart())


def test_a_server_that_comes_back_stays_in_the_run():
    first, second = _Server(), _Server()
    pool = _pool(first, second)
    first.connected = False  # lost, but it answers again
    asyncio.run(pool.restart())
    assert pool.live == [0, 1] and pool.connected and "gone" not in pool.summary()[0]
