"""Every string a person sees has a finished translation in Chinese and in English."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel

from app.services.session import default_session
from app.store import Store
from ui.i18n import DEFAULT_LANGUAGE, I18N, LANGUAGES, compile_translations, install_translator, tool
from ui.main_window import HOUSEHOLDS, MainWindow
from ui.sync_controller import SyncController

UI = Path(__file__).resolve().parent.parent / "ui"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in ET.parse(path).iter("context")
        for message in context.iter("message")
    }


def test_every_source_string_is_translated_in_every_language(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in UI.rglob("*.py")]
    subprocess.run(
        [tool("lupdate"), "-locations", "none", *sources, "-ts", str(fresh)], check=True, capture_output=True
    )
    wanted = set(_messages(fresh))
    assert wanted, "lupdate should find the tr() strings"
    for language in LANGUAGES:
        committed = _messages(I18N / f"tongxin_{language}.ts")
        missing = wanted - set(committed)
        assert not missing, f"{language}: not in the .ts file (run lupdate): {sorted(missing)}"
        for key in wanted:
            translation = committed[key].find("translation")
            assert translation is not None and translation.get("type") is None and translation.text, (
                language,
                key,
            )


@pytest.mark.parametrize(
    ("language", "households", "title", "save"),
    [("zh_CN", "住户", "同心网格", "保存（Ctrl+S）"), ("en", "Households", "Tongxin Grid", "Save (Ctrl+S)")],
)
def test_the_window_speaks_the_chosen_language(
    qtbot, store: Store, db_path: Path, language: str, households: str, title: str, save: str
) -> None:
    compile_translations()
    app = QApplication.instance()
    translator = install_translator(app, language)
    try:
        session = default_session(store)
        window = MainWindow(store, session, db_path, SyncController(store, lambda: store, automatic=False))
        qtbot.addWidget(window)
        assert households in [window.nav.item(i).text() for i in range(window.nav.count())]
        assert window.windowTitle().startswith(title)
        form = window.new_record(HOUSEHOLDS)
        assert form.save_button.text() == save
        gender = form.add_resident().rows["gender"].editor.combo
        assert gender.itemText(0) == ("男" if language == "zh_CN" else "Male")
        form.dirty = False
    finally:
        app.removeTranslator(translator)
        install_translator(app, DEFAULT_LANGUAGE)


def test_rebuilding_the_catalogues_never_rewrites_a_file_a_running_app_has_mapped(qapp) -> None:
    """Qt maps a loaded .qm into memory; a rebuild that truncated and rewrote that same file killed
    any process reading it (SIGBUS — it crashed a parallel test worker). Each rebuild is a new
    file renamed over the old one, so a translator loaded before keeps its pages and its answers."""
    compile_translations()
    loaded = QTranslator()
    assert loaded.load(str(I18N / "tongxin_zh_CN.qm"))
    before = {path.name: path.stat().st_ino for path in I18N.glob("*.qm")}
    compile_translations()
    after = {path.name: path.stat().st_ino for path in I18N.glob("*.qm")}
    assert before.keys() == after.keys() == {f"tongxin_{language}.qm" for language in LANGUAGES}
    assert all(before[name] != after[name] for name in before)
    assert loaded.translate("SyncStatus", "Never synced") == "从未同步"
    assert not list(I18N.glob(f".*.qm.{os.getpid()}")), "no half-built file left behind"


@pytest.mark.parametrize(
    ("mode", "accept"),
    [
        (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen),
        (QFileDialog.FileMode.ExistingFiles, QFileDialog.AcceptMode.AcceptOpen),
        (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
    ],
)
def test_the_file_dialogs_speak_chinese(
    qtbot, mode: QFileDialog.FileMode, accept: QFileDialog.AcceptMode
) -> None:
    """Choosing a USB stick, photos or where a ledger goes: Qt's own dialog, whose labels its
    catalogue partly missed ("Look in:", "Files of type:")."""
    app = QApplication.instance()
    compile_translations()
    install_translator(app, "zh_CN")
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    dialog.show()
    shown = [
        w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()
    ]
    english = [text for text in shown if re.search(r"[A-Za-z]{2,}", text.replace("&", ""))]
    assert not english, english
    dialog.close()
