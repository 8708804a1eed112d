#!/usr/bin/env python3
"""Set-up commands for a fresh machine with only Python 3.11+.

    python3 dev.py app     # the desktop app on a demo database
    python3 dev.py check   # ruff (lint and format) and mypy, as CI runs them
    python3 dev.py test    # the whole test suite in 2 processes; `test -m "not slow"` is the fast part
    python3 dev.py dates   # the date-sensitive tests with the clock at a month's first day, a
                           # year's last day and 29 February (libfaketime)

Both create ``.venv`` on first use and reinstall only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# What Qt loads offscreen (tests) and on an X desktop (the app), and a font with Chinese glyphs;
# present on most desktops, not on every server or fresh container.
OFFSCREEN_PACKAGES = ("libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0")
# Tests also print an agreement to PDF and read it back (a small Chinese font and pdftotext), and
# check that rare name characters (CJK Extension A, 䶮) draw as glyphs: Noto CJK has them. The app
# brings its Mongolian font (resources/fonts); the self-test also checks the one the package
# depends on.
TEST_PACKAGES = (
    *OFFSCREEN_PACKAGES,
    "fonts-wqy-microhei",
    "fonts-noto-cjk",
    "fonts-noto-core",
    "poppler-utils",
)
# The date runs move the clock of the test process itself, so every way Python reads the time agrees.
DATES_PACKAGES = (*TEST_PACKAGES, "faketime")
# Local times in the users' zone: the first is still the last day of February in UTC, the second is
# New Year's Eve in the evening, the third a leap day.
DATE_RUNS = ("2027-03-01 00:20:00", "2026-12-31 23:40:00", "2028-02-29 12:00:00")
DATES_ZONE = "Asia/Shanghai"
# Test processes for `dev.py test`: the suite keeps nothing shared between tests (tests/harness), so
# two run at once, as many as the 2-core machines it is developed on have cores.
TEST_WORKERS = 2
DESKTOP_PACKAGES = (
    *OFFSCREEN_PACKAGES,
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xinerama0",
    "libxkbcommon-x11-0",
    "fonts-noto-cjk",
)


def _debian_packages(packages: tuple[str, ...]) -> None:
    if not (sys.platform.startswith("linux") and shutil.which("dpkg") and shutil.which("apt-get")):
        return
    missing = [p for p in packages if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(
            f"Qt needs these system packages; install them first: sudo apt-get install {' '.join(missing)}"
        )
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], check=True)


def _environment(packages: tuple[str, ...]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the machine has
        sys.exit("Tongxin needs Python 3.11 or newer.")
    _debian_packages(packages)
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".installed"
    if not stamp.exists() or stamp.read_text() != digest:
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
        stamp.write_text(digest)
    subprocess.run([PYTHON, "-m", "ui.i18n"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def _check() -> int:
    """The static checks, each run even when an earlier one fails so one CI run shows them all.
    mypy takes its files and strictness from pyproject.toml."""
    _environment(())
    steps = (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"])
    failed = [
        " ".join(step[:2])
        for step in steps
        if subprocess.run([BIN / step[0], *step[1:]], cwd=ROOT).returncode
    ]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def _dates(extra: list[str]) -> int:
    """Every test marked ``dates`` once per moment in DATE_RUNS. Those tests pin their own day, so
    each run must pass whatever the clock says; a failure here is a test reading the real date."""
    _environment(DATES_PACKAGES)
    if not shutil.which("faketime"):
        sys.exit("the date runs need libfaketime: sudo apt-get install faketime")
    # The monotonic clock is shifted with the calendar (it still runs at its pace): left real,
    # libfaketime's absolute-deadline sleep, which time.sleep uses, fails with EINVAL.
    env = {**os.environ, "TZ": DATES_ZONE}
    failed = []
    for moment in DATE_RUNS:
        print(f"--- the clock at {moment} ({DATES_ZONE})", flush=True)
        command = ["faketime", moment, PYTHON, "-m", "pytest", "-m", "dates", *extra]
        if subprocess.run(command, cwd=ROOT, env=env).returncode:
            failed.append(moment)
    if failed:
        print(f"failed at: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def _workers(extra: list[str]) -> list[str]:
    """Two test processes (pytest-xdist), one per core of the machines the project is built on,
    unless the command line says how many (``-n 0``: one process, for a debugger or ``-x``)."""
    said = any(a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in extra)
    return [] if said else ["-n", str(TEST_WORKERS)]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "check", "dates", "test"):
        print(__doc__)
        return 2
    if argv[0] == "check":
        return _check()
    if argv[0] == "dates":
        return _dates(argv[1:])
    _environment(DESKTOP_PACKAGES if argv[0] == "app" else TEST_PACKAGES)
    if argv[0] == "app":
        return subprocess.run([BIN / "tongxin", "--demo", *argv[1:]]).returncode
    code = subprocess.run([PYTHON, "-m", "pytest", *_workers(argv[1:]), *argv[1:]], cwd=ROOT).returncode
    # pytest's 5 means no test ran: for CI that is a failure, not a pass.
    return 1 if code == 5 else code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
