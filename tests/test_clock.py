"""The hybrid logical clock orders changes even when a device's wall clock is wrong."""

from hypothesis import given
from hypothesis import strategies as st

from app.clock import HybridClock, Stamp

stamps = st.builds(
    Stamp, st.integers(0, 10**14), st.integers(0, 999_999), st.sampled_from(["dev1", "dev2", "a" * 32])
)


@given(stamps, stamps)
def test_text_order_is_clock_order(a: Stamp, b: Stamp) -> None:
    assert (str(a) < str(b)) == (a < b)
    assert Stamp.parse(str(a)) == a


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=50))
def test_ticks_always_increase_whatever_the_wall_clock_does(walls: list[int]) -> None:
    readings = iter(walls)
    clock = HybridClock("dev1", now_ms=lambda: next(readings))
    issued = [clock.tick() for _ in walls]
    assert issued == sorted(issued)
    assert len(set(issued)) == len(issued)


def test_a_stamp_from_a_device_days_ahead_moves_this_clock_past_it() -> None:
    clock = HybridClock("laptop", now_ms=lambda: 1_000)
    ahead = Stamp(1_000 + 3 * 86_400_000, 7, "fastlaptop")
    clock.observe(ahead)
    assert clock.tick() > ahead


def test_a_device_whose_clock_is_behind_still_orders_after_what_it_saw() -> None:
    slow = HybridClock("slow", now_ms=lambda: 5)
    seen = Stamp(10_000, 0, "server")
    slow.observe(seen)
    first, second = slow.tick(), slow.tick()
    assert seen < first < second
    assert first.wall_ms == 10_000


def test_restart_continues_after_the_last_stamp() -> None:
    last = Stamp(50_000, 3, "dev1")
    clock = HybridClock("dev1", last=last, now_ms=lambda: 10)
    assert clock.tick() == Stamp(50_000, 4, "dev1")
