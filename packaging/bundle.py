"""What the one-folder build leaves out, and the check that the built folder agrees.

The spec (``tongxin.spec``) filters PyInstaller's collection with the rules below; the build
scripts then run this file on the built folder, so a rule that silently misses (a file named
``Wayland`` where the rule says ``wayland``) fails the build instead of shipping 10 MB more:

    python packaging/bundle.py build/dist/tongxin      # prints the size; exit 1 on a problem

Every rule compares lower case. Three kinds of thing are left out:

* Qt parts the app never loads: it draws widgets on an X11 desktop (xcb) or offscreen (the
  self-test), reads PNG/JPEG, and uses no network, QML, SVG or PDF module of Qt.
* Libraries of the desktop itself (X11, xcb, xkbcommon, fontconfig, FreeType, GLib, D-Bus): the
  package's Depends install them, so the bundle does not depend on what the build machine had
  installed, and they match the system's own configuration (fonts, input).
* Libraries only the parts above needed (GTK for the GTK theme, Kerberos for QtNetwork…): a
  bundled library that no other bundled file links to is never loaded.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

LIMIT_BYTES = 150_000_000

UNUSED_QT_PARTS = (
    "wayland",
    "wlshellintegration",
    "eglfs",
    "egldeviceintegrations",
    "qt6network",
    "qt6svg",
    "qt6pdf",
    "plugins/generic/",
    "plugins/platforms/libqlinuxfb",
    "plugins/platforms/libqminimal",
    "plugins/platforms/libqvnc",
    "plugins/platforms/libqvkkhrdisplay",
    "plugins/platformthemes/libqgtk3",
    "plugins/iconengines/libqsvgicon",
    "plugins/imageformats/libqsvg",
    "plugins/imageformats/libqtiff",
    "plugins/imageformats/libqwebp",
    "plugins/imageformats/libqicns",
    "plugins/imageformats/libqtga",
    "plugins/imageformats/libqwbmp",
    "plugins/imageformats/libqpdf",
    "qt/translations/qt_help_",
)

SYSTEM_LIBRARIES = re.compile(
    r"lib(x11(-xcb)?|xau|xdmcp|xext|xrender|xcb(-[a-z0-9-]+)?|xkbcommon(-x11)?|fontconfig|freetype"
    r"|(glib|gobject|gio|gmodule|gthread)-2\.0|dbus-1)\.so(\.\d+)*"
)

# Qt's translations for other languages: the app speaks Chinese and English.
KEPT_QT_TRANSLATIONS = ("_zh_cn.qm", "_en.qm")

# Loaded by the executable itself (dlopen), so no bundled file lists it as needed.
LOADED_BY_EXECUTABLE = re.compile(r"libpython3\.\d+\.so(\.\d+)*")


def _posix(name: str) -> str:
    return name.replace("\\", "/").lower()


def unused_qt_part(name: str) -> bool:
    path = _posix(name)
    if "qt/translations/" in path and not path.endswith(KEPT_QT_TRANSLATIONS):
        return True
    return any(part in path for part in UNUSED_QT_PARTS)


def left_out(name: str) -> bool:
    """Whether a file at ``name`` (a path inside the bundle) is one the build leaves out."""
    return unused_qt_part(name) or SYSTEM_LIBRARIES.fullmatch(_posix(name).rsplit("/", 1)[-1]) is not None


def _is_library(name: str) -> bool:
    """A plain shared library, as opposed to a Python extension or a Qt plugin, which are loaded
    by name (import, plugin scan) and so are needed whether or not anything links to them."""
    path = _posix(name)
    base = path.rsplit("/", 1)[-1]
    return (
        ".so" in base
        and "/plugins/" not in f"/{path}"
        and ".cpython-" not in base
        and not base.endswith(".abi3.so")
        and LOADED_BY_EXECUTABLE.fullmatch(base) is None
    )


def needed(path: Path) -> set[str]:
    """The shared libraries an ELF file links to (its DT_NEEDED entries)."""
    output = subprocess.run(
        ["readelf", "--dynamic", "--wide", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", output))


def unneeded(links: dict[str, set[str]]) -> set[str]:
    """Names (bundle paths) of shared libraries that nothing else kept links to, repeated until
    none is left: dropping one can leave the libraries only it needed unneeded in turn.
    ``links`` maps each bundled file to what it links to (``needed``)."""
    dropped: set[str] = set()
    while True:
        wanted = set().union(*(links[name] for name in links if name not in dropped))
        orphans = {
            name
            for name in links
            if name not in dropped and _is_library(name) and name.rsplit("/", 1)[-1] not in wanted
        }
        if not orphans:
            return dropped
        dropped |= orphans


def _folder_problems(folder: Path) -> list[str]:
    problems = []
    files = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() and not path.exists():
            problems.append(f"dangling link: {name}")
        elif left_out(name):
            problems.append(f"should have been left out: {name}")
        elif path.is_file() and not path.is_symlink():
            files.append((name, path))
    if sys.platform.startswith("linux"):
        links = {name: needed(path) for name, path in files}
        problems += [f"nothing links to: {name}" for name in sorted(unneeded(links))]
        for name, libraries in links.items():
            problems += [
                f"{name} links to a part left out: {lib}" for lib in libraries if unused_qt_part(lib)
            ]
    return problems


def size_bytes(folder: Path) -> int:
    """Bytes of the files in ``folder`` (links count as nothing: they are resolved to a file)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check(folder: Path) -> int:
    size = size_bytes(folder)
    print(f"app folder: {folder} {size / 1e6:.1f} MB ({size:,} bytes; limit {LIMIT_BYTES / 1e6:.0f} MB)")
    problems = _folder_problems(folder)
    if size > LIMIT_BYTES:
        problems.append(f"{size / 1e6:.1f} MB is over the limit of {LIMIT_BYTES / 1e6:.0f} MB")
    for problem in problems:
        print(f"bundle check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python packaging/bundle.py BUILT_FOLDER")
    sys.exit(check(Path(sys.argv[1])))
