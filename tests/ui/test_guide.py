"""說明 → 使用說明 (F1) opens the offline guide; its pages link to each other and their pictures exist."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMenu

from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import make_window
from ui.dialogs import guide
from ui.dialogs.guide import GuideWindow, guide_index

PAGES = sorted(guide_index().parent.glob("*.html"))


class Links(HTMLParser):
    """Collects href and src attributes, the title and the h1 of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value)
            if name == "src":
                self.srcs.append(value)


def parsed(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def opened_guide(window) -> GuideWindow | None:
    return window.findChild(GuideWindow, "guide_window")


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Record instead of starting the system browser."""
    opened: list[QUrl] = []
    monkeypatch.setattr(guide, "open_in_browser", lambda url: opened.append(url) or True)
    return opened


def test_help_menu_opens_the_guide(qtbot, ws, settings, dialog_log, no_browser):
    window = make_window(qtbot, settings, ws)
    menu = window.findChild(QMenu, "menu_help")
    first = menu.actions()[0]
    assert first.objectName() == "action_guide" and first.text() == "使用說明"
    assert first.shortcut().toString() == "F1"
    assert opened_guide(window) is None
    first.trigger()
    shown = opened_guide(window)
    assert shown is not None and shown.isVisible()
    assert shown.browser.source().toLocalFile() == str(guide_index())
    assert "每年的工作，依順序" in shown.browser.toPlainText()
    first.trigger()  # a second time raises the same window
    assert window.findChildren(GuideWindow) == [shown]
    assert dialog_log.calls == []


def test_f1_opens_the_guide_from_the_tree(qtbot, ws, settings, dialog_log, no_browser):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_F1)
    shown = opened_guide(window)
    assert shown is not None and shown.isVisible()
    assert shown.windowTitle().startswith("使用說明")


def test_links_move_between_chapters_and_back(qtbot, no_browser):
    window = GuideWindow()
    qtbot.addWidget(window)
    window.show()
    window.browser.anchorClicked.emit(QUrl("reviews.html"))
    assert window.browser.source().fileName() == "reviews.html"
    assert "兩次查核" in window.browser.toPlainText()
    assert window.back.isEnabled()
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.browser.source().fileName() == "index.html"
    window.browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert no_browser == [QUrl("https://example.org/")]
    window.findChild(type(window.back), "guide_external").click()
    assert no_browser[-1].toLocalFile() == str(guide_index())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.browser, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_every_page_is_linked_has_a_heading_and_its_links_and_pictures_exist():
    assert len(PAGES) >= 9
    folder = guide_index().parent
    reached = {"index.html"}
    for page in PAGES:
        links = parsed(page)
        text = page.read_text(encoding="utf-8")
        assert "<title>" in text and "h1" in links.tags, page.name
        assert re.search(r'lang="zh-Hant"', text), page.name
        for href in links.hrefs:
            target = href.split("#")[0]
            assert (folder / target).is_file(), f"{page.name} links to missing {href}"
            reached.add(target)
        for src in links.srcs:
            assert (folder / src).is_file(), f"{page.name} shows missing {src}"
            assert (folder / src).stat().st_size < 300_000
    assert {p.name for p in PAGES} <= reached


def test_pictures_are_smoothly_fitted_to_the_window(qtbot, no_browser):
    window = GuideWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_page("edit.html")
    picture = window.browser.loadResource(2, QUrl("img/editor.png"))
    assert 0 < picture.width() <= window.browser.viewport().width()
