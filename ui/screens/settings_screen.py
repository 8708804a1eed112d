"""设置: language, text size, where the database is, and what version this is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QMessageBox, QPushButton, QWidget

from app import __version__
from ui import preferences

LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}


class SettingsScreen(QWidget):
    language_chosen = Signal(str)

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(preferences.language()))
        self.language.activated.connect(self._language)
        self.font_points = QComboBox()
        self.font_points.setObjectName("font_points")
        for points in preferences.FONT_POINTS:
            self.font_points.addItem(self.tr("%1 pt").replace("%1", str(points)), points)
        self.font_points.setCurrentIndex(self.font_points.findData(preferences.font_points()))
        self.font_points.activated.connect(
            lambda _i: preferences.apply_font_points(self.font_points.currentData())
        )
        location = QLabel(str(database))
        location.setObjectName("database_path")
        location.setWordWrap(True)
        about = QPushButton(self.tr("About Tongxin Grid"))
        about.clicked.connect(self.about)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Text size"), self.font_points)
        form.addRow(self.tr("Database file"), location)
        form.addRow("", about)

    def _language(self, _index: int) -> None:
        code = self.language.currentData()
        if code != preferences.language():
            preferences.set_language(code)
            self.language_chosen.emit(code)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Tongxin Grid"),
            self.tr("Tongxin Grid %1\nRecords of grid work for villages and pastoral areas.").replace(
                "%1", __version__
            ),
        )
