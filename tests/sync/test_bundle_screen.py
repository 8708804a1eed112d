"""The 同步 screen's 导出同步包 and 导入同步包 as a village worker uses them: type where the stick is,
export, (the township imports it into a real server), import the reply; watch the bar; cancel an
export and find no file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from app.keyfile import key_path_for, load_or_create_key
from app.models import Dispute, DisputeCategory, Household
from app.services.attachments import add_attachment, attachment_data
from app.store import Store
from sync.engine import SyncEngine
from tests.conftest import make_household, make_visit
from tests.harness.server_process import ROOT
from tests.sync.conftest import FreshGrid
from ui.i18n import install_translator
from ui.screens.sync_screen import SyncScreen
from ui.sync_controller import SyncController


def _laptop(path: Path, base: str, code: str) -> tuple[Store, SyncController]:
    store = Store.open(path, load_or_create_key(key_path_for(path)))
    SyncEngine(store).enroll(base, code, path.stem)
    key = load_or_create_key(key_path_for(path))
    return store, SyncController(store, lambda: Store.open(path, key), automatic=False)


def _photo_dispute(store: Store, grid: str, size: int) -> Dispute:
    sha256 = add_attachment(store, os.urandom(size), name="协议.jpg", media_type="image/jpeg")
    return store.save(
        Dispute(
            grid=grid,
            author="w",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            attachments=[sha256],
        )
    )


def _screen(qtbot, controller: SyncController) -> SyncScreen:
    screen = SyncScreen(controller)
    qtbot.addWidget(screen)
    screen.resize(900, 900)
    screen.show()
    return screen


def _type_folder(qtbot, screen: SyncScreen, folder: Path) -> None:
    screen.stick.folder.clear()
    qtbot.keyClicks(screen.stick.folder, str(folder))


def test_worker_exports_to_a_folder_and_imports_the_reply(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    translator = install_translator(qapp, "zh_CN")
    base, codes = fresh_grid
    store, controller = _laptop(tmp_path / "village.db", base, codes[0])
    household = store.save(make_household(grid=fresh_grid.grid, head_name="巴图"))
    store.save(make_visit(household))
    dispute = _photo_dispute(store, fresh_grid.grid, 150_000)
    neighbour, _their_controller = _laptop(tmp_path / "township.db", base, codes[1])
    theirs = neighbour.save(make_household(grid=fresh_grid.grid, head_name="其其格"))
    SyncEngine(neighbour).sync()
    screen = _screen(qtbot, controller)
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    _type_folder(qtbot, screen, stick)
    assert (
        screen.stick.export_button.text() == "导出同步包"
        and screen.stick.import_button.text() == "导入同步包"
    )

    bar: list[tuple[int, int]] = []
    controller.progressed.connect(lambda _report: bar.append((screen.bar.value(), screen.bar.maximum())))
    with qtbot.waitSignal(controller.finished, timeout=30_000) as exported:
        qtbot.mouseClick(screen.stick.export_button, Qt.MouseButton.LeftButton)
    assert exported.args == [True]
    [bundle] = stick.iterdir()
    assert (bundle.stat().st_size, bundle.stat().st_size) in bar, "the bar followed the file's bytes"
    assert screen.bar.isVisible() and screen.bar.text() == "100%"
    assert "同步包已写入" in screen.stick.result.text() and bundle.name in screen.stick.result.text()
    assert "同步包：3 条修改，1 张照片" in screen.activity.text()
    assert screen.stick.state.text() == "已写入第 1 号同步包，等待回复。"

    township = subprocess.run(
        [sys.executable, "-m", "server.cli", "bundle", "import", str(bundle)],
        cwd=ROOT,
        env={
            **os.environ,
            "TONGXIN_SERVER_DB": fresh_grid.database_url,
            "TONGXIN_SERVER_DATA": str(fresh_grid.live.data_dir),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert township.returncode == 0, township.stderr

    with qtbot.waitSignal(controller.finished, timeout=30_000) as imported:
        qtbot.mouseClick(screen.stick.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [True]
    assert store.pending_changes() == 0 and store.get(Household, theirs.id).head_name == "其其格"
    assert screen.pending.text() == "0 条记录待同步"
    assert "已导入回复包" in screen.stick.result.text()
    assert screen.stick.state.text() == "第 1 号同步包已写入，回复已导入。"
    SyncEngine(neighbour).sync()
    assert attachment_data(neighbour, dispute.attachments[0]) == attachment_data(
        store, dispute.attachments[0]
    )
    neighbour.close()
    store.close()
    qapp.removeTranslator(translator)


def test_cancelling_an_export_leaves_no_file_on_the_stick(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    translator = install_translator(qapp, "zh_CN")
    base, codes = fresh_grid
    store, controller = _laptop(tmp_path / "village.db", base, codes[0])
    for _photo in range(3):
        _photo_dispute(store, fresh_grid.grid, 1_500_000)
    screen = _screen(qtbot, controller)
    stick = tmp_path / "stick"
    stick.mkdir()
    _type_folder(qtbot, screen, stick)
    # Hold the export on its worker thread after its first megabyte reached the stick.
    writing, go_on = threading.Event(), threading.Event()

    def hold(report: object) -> None:
        if getattr(report, "file_done", 0) and not writing.is_set():
            writing.set()
            go_on.wait(30)

    controller.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
    qtbot.mouseClick(screen.stick.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: 0 < screen.bar.value() < screen.bar.maximum(), timeout=10_000)
    assert [path.suffix for path in stick.iterdir()] == [".part"]
    assert screen.cancel_button.isEnabled() and not screen.stick.export_button.isEnabled()
    with qtbot.waitSignal(controller.finished, timeout=30_000) as ended:
        qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
        go_on.set()
    assert ended.args == [False]
    assert list(stick.iterdir()) == []
    assert "已取消" in screen.stick.result.text()
    assert screen.stick.export_button.isEnabled()
    controller.progressed.disconnect(hold)
    store.close()
    qapp.removeTranslator(translator)
