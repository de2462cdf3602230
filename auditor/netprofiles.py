"""Named network profiles: round-trip time and bandwidth, with their source.

The figures are WebPageTest's connectivity profiles (its
``www/settings/connectivity.ini.sample``): other tools use other round-trip
times under the same names, so a report always states the numbers, not just
the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class NetworkProfile:
    name: str
    rtt_ms: float
    down_kbps: float
    up_kbps: float
    source: str = "WebPageTest connectivity profiles"

    def to_dict(self) -> dict[str, object]:
        return {"rtt_ms": self.rtt_ms, "down_kbps": self.down_kbps, "up_kbps": self.up_kbps, "source": self.source}


PROFILES: Mapping[str, NetworkProfile] = {
    p.name: p
    for p in (
        NetworkProfile("2G", rtt_ms=800, down_kbps=280, up_kbps=256),
        NetworkProfile("3G-slow", rtt_ms=400, down_kbps=400, up_kbps=400),
        NetworkProfile("3G", rtt_ms=300, down_kbps=1600, up_kbps=768),
        NetworkProfile("4G", rtt_ms=170, down_kbps=9000, up_kbps=9000),
    )
}
