"""Writes the package's copyright file and the licences of what the app folder bundles.

    python packaging/linux/copyright.py BUILT_FOLDER DOC_DIR    # run with the build venv's python

DOC_DIR (``/usr/share/doc/tongxin`` in the package) gets ``copyright`` in Debian's machine-readable
format: the app's own terms, then one paragraph per Python distribution installed in the build
venv (their licence files copied to ``third-party/python/``) and per Debian package whose shared
library PyInstaller copied into the folder (its copyright file copied to ``third-party/debian/``).
Generated at build time, so the list follows the bundle instead of a hand-kept one.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

HEADER = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tongxin
Upstream-Contact: Tongxin Grid developers <tongxin@example.gov.cn>
Comment: The app folder /opt/tongxin is a PyInstaller bundle. The paragraphs after the first name
 the Python distributions and the Debian packages whose files it contains; their licence texts are
 in /usr/share/doc/tongxin/third-party/.

Files: *
Copyright: Tongxin Grid developers
License: proprietary
 Tongxin Grid (同心网格) is proprietary software for the region's grid workers. It may be
 installed and used only on machines the regional administration provides for that work.
"""
# The build's own tools: they make the folder and are not in it.
BUILD_TOOLS = frozenset(
    {"pip", "setuptools", "wheel", "pyinstaller", "pyinstaller-hooks-contrib", "altgraph"}
)


def _licence(meta: importlib.metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    text = (meta.get("License") or "").strip()
    return "; ".join(classifiers) or (text.splitlines()[0] if text else "see the copied licence files")


def _python(target: Path) -> str:
    """One paragraph for the Python runtime's and distributions' files, each named with its licence."""
    lines = []
    dists = {d.metadata["Name"].lower(): d for d in importlib.metadata.distributions()}
    for name in sorted(set(dists) - BUILD_TOOLS - {"tongxin"}):
        dist = dists[name]
        for file in dist.files or []:
            if any(word in file.name.lower() for word in ("licen", "copying", "notice", "authors")):
                copied = target / "python" / name / file.name
                copied.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(str(dist.locate_file(file))), copied)
        lines.append(f" {dist.metadata['Name']} {dist.version}: {_licence(dist.metadata)}")
    python = f"Python {sys.version.split()[0]}: PSF-2.0"
    return (
        "Files: opt/tongxin/_internal/*\n"
        "Copyright: the authors of Python and of the distributions named below\n"
        "License: various\n"
        f" The Python runtime and these distributions, each under its own licence:\n {python}\n"
        + "\n".join(lines)
        + "\n"
    )


def _debian_package(library: str) -> str | None:
    found = subprocess.run(["dpkg", "-S", f"*-linux-gnu/{library}"], capture_output=True, text=True)
    return found.stdout.split(":", 1)[0] if found.returncode == 0 else None


def _debian(folder: Path, target: Path) -> list[str]:
    """The libraries PyInstaller copied from the build machine, not from a wheel. libpython is
    the runtime's own (named in the paragraph above), whichever Python the build ran under."""
    packages: dict[str, list[str]] = {}
    for library in sorted(p.name for p in (folder / "_internal").glob("lib*.so*")):
        package = None if library.startswith("libpython") else _debian_package(library)
        if package:
            packages.setdefault(package, []).append(library)
    paragraphs = []
    for package, libraries in sorted(packages.items()):
        (target / "debian").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f"/usr/share/doc/{package}/copyright", target / "debian" / package)
        files = " ".join(f"opt/tongxin/_internal/{library}" for library in libraries)
        paragraphs.append(
            f"Files: {files}\nCopyright: see third-party/debian/{package}\n"
            f"License: from the Debian package {package}; see third-party/debian/{package}\n"
        )
    return paragraphs


def write(folder: Path, doc: Path) -> None:
    target = doc / "third-party"
    shutil.rmtree(target, ignore_errors=True)
    paragraphs = [HEADER, _python(target), *_debian(folder, target)]
    (doc / "copyright").write_text("\n".join(paragraphs), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python packaging/linux/copyright.py BUILT_FOLDER DOC_DIR")
    write(Path(sys.argv[1]), Path(sys.argv[2]))
