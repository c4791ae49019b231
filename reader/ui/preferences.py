"""The Preferences dialog: theme, font, remote images, marking read, language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from reader.ui.settings import LARGEST_FONT, SMALLEST_FONT, Settings, fitted_font_size
from reader.ui.theme import effective_theme, ui_font

__all__ = ["PreferencesDialog", "default_family", "host_of"]


def host_of(entry: str) -> str:
    """The site an "always load images from" line names: a host as the
    images' addresses have it, also when an address was pasted
    ("https://Images.Example.org/photos/" is images.example.org, which the
    render compares with; kept as typed, it never matched)."""
    from urllib.parse import urlsplit

    entry = entry.strip()
    try:
        host = urlsplit(entry if "//" in entry else "//" + entry).hostname
    except ValueError:  # (an address that does not parse: kept as typed)
        host = None
    return (host or entry).lower().rstrip(".")


def default_family(theme: str) -> str:
    """The family articles are read in without a reading font chosen: the
    first of ``theme``'s fonts that is installed (the window's reading font
    when none is)."""
    from reader.core.render.pipeline import theme_colors  # (the dialog's, not start-up's)

    installed = set(QFontDatabase.families())
    for name in theme_colors(effective_theme(theme)).get("body-font", "").split(","):
        family = name.strip().strip("\"'")
        if family in installed:
            return family
    return QFontInfo(ui_font()).family()


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self._shown_family = ""  # the family the font box showed when opened
        self.setWindowTitle(self.tr("Preferences"))
        self.setAccessibleName(self.tr("Preferences"))
        form = QFormLayout(self)

        self.theme = QComboBox(self)
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
            ("sepia", self.tr("Sepia")),
        ):
            self.theme.addItem(label, value)
        self.theme.setAccessibleName(self.tr("Theme"))
        form.addRow(self.tr("&Theme:"), self.theme)

        self.font_family = QFontComboBox(self)
        self.font_family.setAccessibleName(self.tr("Reading font"))
        form.addRow(self.tr("Reading &font:"), self.font_family)
        self.font_size = FontSizeBox(self)
        self.font_size.setSpecialValueText(self.tr("Default"))
        self.font_size.setAccessibleName(self.tr("Font size"))
        form.addRow(self.tr("Font &size:"), self.font_size)

        self.remote = QComboBox(self)
        for value, label in (
            ("ask", self.tr("Block and ask")),
            ("always", self.tr("Always load")),
            ("never", self.tr("Never load")),
        ):
            self.remote.addItem(label, value)
        self.remote.setAccessibleName(self.tr("Remote images"))
        form.addRow(self.tr("&Remote images:"), self.remote)
        self.hosts = QPlainTextEdit(self)
        self.hosts.setAccessibleName(self.tr("Sites whose images are always loaded"))
        self.hosts.setPlaceholderText(self.tr("One site per line"))
        self.hosts.setMaximumHeight(90)
        form.addRow(self.tr("Al&ways load images from:"), self.hosts)

        self.read_after = QSpinBox(self)
        self.read_after.setRange(0, 600)
        self.read_after.setSuffix(self.tr(" s"))
        self.read_after.setSpecialValueText(self.tr("Never"))
        self.read_after.setAccessibleName(self.tr("Mark read after this many seconds"))
        form.addRow(self.tr("Mark read after &open for:"), self.read_after)
        self.read_at_end = QCheckBox(self.tr("Mark read when scrolled to the &end"), self)
        form.addRow(self.read_at_end)

        self.language = QComboBox(self)
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ):
            self.language.addItem(label, value)
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language)
        note = QLabel(
            self.tr("A new language applies at once: the window opens again in it."), self
        )
        note.setTextFormat(Qt.TextFormat.PlainText)  # (a name, a title: shown as it is)
        note.setWordWrap(True)
        form.addRow(note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._load()

    def _load(self) -> None:
        s = self.settings
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.get("theme"))))
        family = s.get("font_family")
        # The box shows the font the article is read in: the preference, else
        # the theme's (the first of its fonts that is installed)
        if family not in QFontDatabase.families():
            family = default_family(s.get("theme"))
        self.font_family.setCurrentFont(QFont(family))
        self._shown_family = self.font_family.currentText()
        self.font_size.setValue(s.get("font_size"))
        self.remote.setCurrentIndex(max(0, self.remote.findData(s.get("remote_images"))))
        self.hosts.setPlainText("\n".join(s.get("allowed_hosts")))
        self.language.setCurrentIndex(max(0, self.language.findData(s.get("language"))))
        self.read_after.setValue(s.get("mark_read_after"))
        self.read_at_end.setChecked(bool(s.get("mark_read_at_end")))

    def save(self) -> None:
        s = self.settings
        s.set("theme", self.theme.currentData())
        chosen = self.font_family.currentText()
        if chosen != self._shown_family:  # (else a font not installed here stays chosen)
            default = default_family(self.theme.currentData())
            s.set("font_family", "" if chosen == default else chosen)
        s.set("font_size", self.font_size.value())
        s.set("remote_images", self.remote.currentData())
        hosts = [host_of(entry) for entry in self.hosts.toPlainText().split()]
        s.set("allowed_hosts", sorted({host for host in hosts if host}))
        s.set("language", self.language.currentData())
        s.set("mark_read_after", self.read_after.value())
        s.set("mark_read_at_end", int(self.read_at_end.isChecked()))

    def accept(self) -> None:
        self.save()
        super().accept()


class FontSizeBox(QSpinBox):
    """The reading font size: 0 ("Default", the platform's size), else
    :data:`SMALLEST_FONT` to :data:`LARGEST_FONT` points.  A step from
    Default goes to the smallest size and back; a smaller size typed becomes
    the smallest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, LARGEST_FONT)
        self.editingFinished.connect(self._fit)

    def stepBy(self, steps: int) -> None:
        value = self.value() + steps
        if 0 < value < SMALLEST_FONT:
            value = SMALLEST_FONT if steps > 0 else 0
        self.setValue(max(0, min(LARGEST_FONT, value)))

    def setValue(self, value: int) -> None:
        super().setValue(fitted_font_size(value))

    def _fit(self) -> None:
        self.setValue(self.value())
