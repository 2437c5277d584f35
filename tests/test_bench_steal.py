"""The bench prints, beside each timed figure, the share of the machine's CPU time that the
hypervisor gave to other guests while it ran (steal): on a shared VM the same code runs seconds
slower in one run than the next, and this says which runs were slowed."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import psutil

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
from run import steal_percent  # bench/run.py: a script, not a package

FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest")
ZERO = SimpleNamespace(**dict.fromkeys(FIELDS, 0.0))


def test_steal_is_a_share_of_all_cpu_time_between_two_readings() -> None:
    after = SimpleNamespace(**{**vars(ZERO), "user": 30.0, "system": 10.0, "idle": 40.0})
    after.steal, after.guest = 20.0, 25.0  # guest time is already counted in user's
    assert steal_percent(ZERO, after) == 20.0
    assert steal_percent(ZERO, ZERO) == 0.0


def test_a_kernel_that_counts_no_steal_gives_zero() -> None:
    before = SimpleNamespace(user=1.0, system=1.0, idle=1.0)
    after = SimpleNamespace(user=5.0, system=2.0, idle=9.0)
    assert steal_percent(before, after) == 0.0


def test_this_machines_counters_give_a_share() -> None:
    before = psutil.cpu_times()
    sum(range(2_000_000))
    assert 0.0 <= steal_percent(before, psutil.cpu_times()) <= 100.0
