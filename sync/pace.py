"""How much to send or fetch per request, learned from the link.

On 2G or a satellite hop a 500-change batch may never finish before the link drops, and a batch
that does not finish moves nothing forward; on a good link small batches waste round trips. So
the size doubles after quick answers, halves after slow ones, and drops hard after a failure —
and is remembered, so the next attempt on the same bad link starts small.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.store import Store

TARGET_SECONDS = 4.0


@dataclass
class Pace:
    key: str
    size: int
    minimum: int
    maximum: int

    @classmethod
    def load(cls, store: Store, key: str, *, start: int, minimum: int, maximum: int) -> Pace:
        saved = store.meta(key)
        size = int(saved) if saved else start
        return cls(key, min(max(size, minimum), maximum), minimum, maximum)

    def succeeded(self, seconds: float) -> None:
        if seconds < TARGET_SECONDS / 4:
            self.size = min(self.maximum, self.size * 2)
        elif seconds > TARGET_SECONDS:
            self.size = max(self.minimum, self.size // 2)

    def failed(self) -> None:
        self.size = max(self.minimum, self.size // 4)

    def save(self, store: Store) -> None:
        with store.transaction():
            store.set_meta(self.key, str(self.size))
