"""The rules that keep the packaged app folder small (packaging/bundle.py), on names as PyInstaller
gives them on Linux and Windows, and the check the build runs on the built folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_bundle() -> ModuleType:
    # packaging/ is no Python package (the name would hide the `packaging` distribution): load by path.
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "packaging" / "bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load_bundle()


@pytest.mark.parametrize(
    "name",
    [
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "libQt6WaylandClient.so.6",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6\\Qt\\plugins\\generic\\qtuiotouchplugin.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_help_zh_CN.qm",
        "libxcb-sync.so.1",
        "libX11.so.6",
        "libfontconfig.so.1",
        "libglib-2.0.so.0",
    ],
)
def test_what_the_app_never_loads_or_the_system_provides_is_left_out(name: str) -> None:
    assert bundle.left_out(name)


@pytest.mark.parametrize(
    "name",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "libssl.so.3",
        "libpython3.11.so.1.0",
    ],
)
def test_what_the_app_loads_is_kept(name: str) -> None:
    assert not bundle.left_out(name)


def test_libraries_only_left_out_parts_needed_go_with_them() -> None:
    links = {
        "PySide6/Qt/plugins/platforms/libqxcb.so": {"libQt6XcbQpa.so.6"},
        "PySide6/Qt/lib/libQt6XcbQpa.so.6": {"libQt6Gui.so.6"},
        "PySide6/Qt/lib/libQt6Gui.so.6": set(),
        "libcairo.so.2": {"libpixman-1.so.0"},
        "libpixman-1.so.0": set(),
        "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so": {"libcrypto.so.3"},
        "libcrypto.so.3": set(),
        "libpython3.11.so.1.0": set(),
    }
    assert bundle.unneeded(links) == {"libcairo.so.2", "libpixman-1.so.0"}


def test_the_check_prints_the_size_and_fails_over_the_limit(tmp_path: Path, capsys) -> None:
    app = tmp_path / "tongxin"
    app.mkdir()
    with open(app / "tongxin", "wb") as executable:
        executable.truncate(bundle.LIMIT_BYTES + 1)  # sparse: weighs nothing on disk
    assert bundle.check(app) == 1
    out, err = capsys.readouterr()
    assert "150.0 MB (150,000,001 bytes; limit 150 MB)" in out and "over the limit" in err


def test_the_check_finds_what_a_rule_missed_and_dangling_links(tmp_path: Path, capsys) -> None:
    app = tmp_path / "tongxin"
    (app / "_internal" / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (app / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6WaylandClient.so.6").write_bytes(b"")
    os.symlink("PySide6/Qt/lib/libQt6Svg.so.6", app / "_internal" / "libQt6Svg.so.6")
    (app / "tongxin").write_bytes(b"small")
    assert bundle.check(app) == 1
    err = capsys.readouterr().err
    assert "should have been left out: _internal/PySide6/Qt/lib/libQt6WaylandClient.so.6" in err
    assert "dangling link: _internal/libQt6Svg.so.6" in err
