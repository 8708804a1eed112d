"""The hybrid logical clock orders changes even when a device's wall clock is wrong."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.clock import MAX_COUNTER, MAX_WALL_MS, ClockOverflow, HybridClock, Stamp

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


@given(
    st.integers(0, 10**12),
    st.integers(0, 999_999),
    st.lists(st.tuples(st.booleans(), st.integers(0, 999_999)), min_size=1, max_size=40),
)
def test_stamps_always_parse_and_rise_however_many_share_a_millisecond(
    wall: int, counter: int, steps: list[tuple[bool, int]]
) -> None:
    """A counter near 999999, observed again and again at a frozen wall clock, once outgrew its six
    digits; every stamp must still read back as itself and come after everything seen before."""
    clock = HybridClock("laptop", last=Stamp(wall, counter, "laptop"), now_ms=lambda: wall)
    latest = clock.last
    for observing, remote_counter in steps:
        if observing:
            remote = Stamp(wall, remote_counter, "server")
            clock.observe(remote)
            assert clock.last > remote
        else:
            clock.tick()
        assert clock.last > latest
        assert Stamp.parse(str(clock.last)) == clock.last
        latest = clock.last


def test_a_clock_brought_back_continues_from_where_it_was_set() -> None:
    clock = HybridClock("laptop", last=Stamp(4_000_000_000_000, 5, "laptop"), now_ms=lambda: 1_000)
    clock.set(Stamp(900, 0, "laptop"))
    assert clock.tick() == Stamp(1_000, 0, "laptop")


def test_a_stamp_past_what_the_text_can_hold_is_refused_not_written() -> None:
    clock = HybridClock("laptop", last=Stamp(MAX_WALL_MS, MAX_COUNTER, "laptop"), now_ms=lambda: 1_000)
    with pytest.raises(ClockOverflow):
        clock.tick()
    assert clock.last == Stamp(MAX_WALL_MS, MAX_COUNTER, "laptop")
