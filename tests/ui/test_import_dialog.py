"""檔案 → 匯入計畫檔…: preview, warnings, unit mapping, year, one undoable import; bad files change nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMenu

from planner.importers import read_plan_file
from planner.importers.unit_fixes import MAP
from planner.plans import create_plan
from tests.fixtures.import_docs import p, tbl, tc, tr, write_docx
from tests.ui.helpers import act, make_window, trigger
from ui.common.texts import node_headline
from ui.dialogs import blocking
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.import_preview import PreviewModel, preview_rows
from ui.dialogs.import_units import DROP_TEXT, KEEP_NEW, RENAME_TEXT, SPLIT_TEXT

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
SAMPLE = SAMPLES / "000-l4.docx"
DEMO_UNITS = ["秘書室", "閱覽服務課", "推廣課", "資訊課"]


def choose_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> list[tuple]:
    """Answer ui.dialogs.blocking.choose_plan_file with the paths in turn (None when out); return the calls made."""
    queue = list(paths)
    calls: list[tuple] = []

    def answer(parent, start=""):
        calls.append((parent, start))
        return queue.pop(0) if queue else None

    monkeypatch.setattr(blocking, "choose_plan_file", answer)
    return calls


def fingerprint(ws) -> tuple[str, str]:
    """Return the sha256 of the workspace file and of its WAL (edits may sit there before a checkpoint)."""
    wal = Path(f"{ws.path}-wal")
    return (
        hashlib.sha256(ws.path.read_bytes()).hexdigest(),
        hashlib.sha256(wal.read_bytes()).hexdigest() if wal.exists() else "",
    )


def wait_read(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)


def shown_rows(dialog: ImportDialog, column: int = 0) -> list[str]:
    """Return a column of the preview tree, indented by level."""
    model = dialog.tree.model()
    out: list[str] = []

    def visit(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            out.append("  " * depth + (model.index(row, column, parent).data() or ""))
            visit(model.index(row, 0, parent), depth + 1)

    visit(QModelIndex(), 0)
    return out


def warnings_shown(dialog: ImportDialog) -> list[str]:
    return [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]


def test_import_000_maps_units_picks_a_year_and_undoes_in_one_step(qtbot, demo_ws, settings, dialog_log, monkeypatch):
    window = make_window(qtbot, settings, demo_ws)
    menu = window.findChild(QMenu, "menu_file")
    assert act(window, "import_plan") in menu.actions()
    file_calls = choose_files(monkeypatch, SAMPLE)
    read = read_plan_file(SAMPLE)
    before = fingerprint(demo_ws)
    seen: dict = {}

    def run(dialog: ImportDialog) -> bool:
        dialog.show()
        assert dialog.reading  # the file is read in a worker thread: the dialog is up before it is done
        assert dialog.busy.isVisible() and not dialog.import_button.isEnabled()
        wait_read(qtbot, dialog)
        assert not dialog.busy.isVisible()
        assert dialog.error_text == ""
        assert dialog.counts.text().startswith("6 個要項、22 個重點、40 個方法；5 個段落")
        rows = shown_rows(dialog)
        assert len(rows) == 6 + 22 + 40
        assert rows[0] == "一、完備基礎服務項目，注重服務特性差異化"
        assert rows[1].startswith("  (一)") and rows[2].startswith("    1.")
        assert [r for r in rows if not r.startswith(" ")][-1].startswith("六、")
        assert warnings_shown(dialog) == ["沒有需要注意的地方：所有內容都已辨識。"]
        assert "高雄市政府勞工局博愛職業技能訓練中心" in dialog.message.text()
        assert "工作要項・工作重點・業務單位" in dialog.message.text()

        # units the workspace lacks, each with a combo: new unit, or an existing active unit
        table = dialog.unit_table
        names = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert sorted(names) == sorted(read.unit_names) == ["教務課", "行政課", "輔導課"]
        combo = table.cellWidget(0, 2)
        others = [f"併入檔案中的「{n}」" for n in names[1:]]
        want = [KEEP_NEW] + [f"對應到「{u}」" for u in DEMO_UNITS] + others + [RENAME_TEXT, SPLIT_TEXT, DROP_TEXT]
        assert [combo.itemText(i) for i in range(combo.count())] == want
        assert "將新增 3 個單位" in dialog.unit_note.text()
        dialog.units.set_action("教務課", MAP, ("推廣課",))
        wait_read(qtbot, dialog)
        assert dialog.fixes.map == {"教務課": "推廣課"}
        assert "將新增 2 個單位：" in dialog.unit_note.text() and "教務課" not in dialog.unit_note.text()
        units_column = [u.strip() for u in shown_rows(dialog, 1)]
        assert "推廣課" in units_column and not any("教務課" in u for u in units_column)

        # the year: the file's by default; a year that has a plan cannot be chosen
        assert dialog.year.value() == 114 and dialog.import_button.isEnabled()
        dialog.year.setValue(115)
        assert not dialog.import_button.isEnabled()
        assert "已經有計畫" in dialog.import_button.toolTip() and "已經有計畫" in dialog.year_note.text()
        dialog.year.setValue(116)
        assert dialog.import_button.isEnabled()
        assert "114 年度" in dialog.year_note.text() and "116 年度" in dialog.year_note.text()
        assert fingerprint(demo_ws) == before and demo_ws.years() == [115]  # nothing written yet
        seen["preview"] = rows
        dialog.import_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", run)
    trigger(window, "import_plan")
    assert len(file_calls) == 1 and file_calls[0][0] is window

    # the window shows the new year's plan
    plan = window.plan
    assert plan.year == 116 and demo_ws.years() == [115, 116]
    assert window.year_combo.currentText() == "116 年度"
    assert plan.title == "116年度提升服務工作計畫"
    assert plan.counts() == {1: 6, 2: 22, 3: 40}
    assert "已匯入 116 年度計畫" in window.statusBar().currentMessage()
    assert [u.name for u in demo_ws.units()] == [*DEMO_UNITS, "輔導課", "行政課"]
    mapping = {"教務課": "推廣課"}
    want = [
        list(dict.fromkeys(mapping.get(u, u) for u in m["units"]))
        for item in read.data["items"]
        for focus in item["focuses"]
        for m in focus["methods"]
    ]
    assert [demo_ws.unit_names(m.units) for m in plan.methods()] == want
    labels = plan.numbering()
    assert [r.strip() for r in seen["preview"]] == [labels[n.id] + node_headline(n) for n in plan.walk()]
    assert act(window, "undo").toolTip().startswith("復原 匯入 116 年度計畫")

    # one undoable step: the plan and the two units it added go
    demo_ws.undo()
    assert demo_ws.years() == [115]
    assert [u.name for u in demo_ws.units(include_retired=True)] == DEMO_UNITS
    assert window.plan.year == 115
    assert demo_ws.undo_text is None


def test_warnings_are_listed_and_escape_changes_nothing(qtbot, ws, settings, dialog_log, monkeypatch, tmp_path):
    odd = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲要項", vmerge="restart"), tc("(一)乙重點"), tc("1.丙方法"), tc("行政課")),
        tr(tc(vmerge="continue"), tc("(三)丁重點"), tc("3.戊方法"), tc("總務課、各課室")),
    )
    path = write_docx(tmp_path / "odd.docx", p("114年度提升服務工作計畫") + odd)
    window = make_window(qtbot, settings, ws)
    choose_files(monkeypatch, path)
    before = fingerprint(ws)

    def run(dialog: ImportDialog) -> bool:
        dialog.show()
        wait_read(qtbot, dialog)
        shown = warnings_shown(dialog)
        assert any("(三)" in w and "(二)" in w for w in shown)
        assert any("3." in w for w in shown)
        assert dialog.counts.text().startswith("1 個要項、2 個重點、2 個方法")
        assert shown_rows(dialog) == ["一、甲要項", "  (一)乙重點", "    1.丙方法", "  (二)丁重點", "    1.戊方法"]
        names = [dialog.unit_table.item(r, 0).text() for r in range(dialog.unit_table.rowCount())]
        assert names == ["行政課", "總務課", "各課室"]
        assert "將新增 1 個單位：總務課" in dialog.unit_note.text()
        assert "各課室" in dialog.unit_note.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", run)
    trigger(window, "import_plan")
    assert ws.years() == [] and ws.undo_text is None
    assert [u.name for u in ws.units()] == ["行政課", "教務課", "輔導課"]
    assert fingerprint(ws) == before


def test_hostile_file_shows_the_message_in_the_dialog_and_writes_nothing(
    qtbot, demo_ws, settings, dialog_log, monkeypatch, tmp_path
):
    data = SAMPLE.read_bytes()
    broken = tmp_path / "截斷.docx"
    broken.write_bytes(data[: len(data) // 2])
    window = make_window(qtbot, settings, demo_ws)
    choose_files(monkeypatch, broken, SAMPLE)
    before = fingerprint(demo_ws)

    def run(dialog: ImportDialog) -> bool:
        dialog.show()
        wait_read(qtbot, dialog)
        assert "不完整或已損壞" in dialog.error_text
        assert dialog.message.text().startswith("無法匯入這個檔案：")
        assert "不完整或已損壞" in dialog.message.text()
        assert not dialog.import_button.isEnabled()
        assert shown_rows(dialog) == [] and dialog.unit_table.rowCount() == 0
        # another file can be chosen in the same dialog
        dialog.choose_button.click()
        wait_read(qtbot, dialog)
        assert dialog.error_text == "" and len(shown_rows(dialog)) == 68
        assert dialog.import_button.isEnabled()
        dialog.findChild(type(dialog.import_button), "import_cancel").click()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", run)
    trigger(window, "import_plan")
    assert demo_ws.years() == [115] and demo_ws.undo_text is None
    assert [u.name for u in demo_ws.units()] == DEMO_UNITS
    assert fingerprint(demo_ws) == before
    assert window.plan.year == 115


def test_existing_year_disables_import(qtbot, ws, settings, dialog_log, monkeypatch):
    create_plan(ws, 114)
    ws.clear_history()
    window = make_window(qtbot, settings, ws)
    choose_files(monkeypatch, SAMPLE)

    def run(dialog: ImportDialog) -> bool:
        dialog.show()
        wait_read(qtbot, dialog)
        assert dialog.year.value() == 114
        assert not dialog.import_button.isEnabled()
        reason = dialog.block_reason()
        assert reason.startswith("民國 114 年度已經有計畫")
        assert dialog.year_note.text() == reason and dialog.import_button.toolTip() == reason
        assert dialog.unit_table.rowCount() == 3 and "不新增單位" in dialog.unit_note.text()
        dialog.accept()  # as if 匯入 were forced: nothing happens, the dialog stays
        assert dialog.isVisible() and dialog.plan is None
        dialog.year.setValue(113)
        assert dialog.import_button.isEnabled() and dialog.block_reason() == ""
        dialog.reject()
        return False

    dialog_log.answer("run", run)
    trigger(window, "import_plan")
    assert ws.years() == [114] and ws.undo_text is None


def test_cancelled_file_choice_and_disabled_states(qtbot, ws, settings, dialog_log, monkeypatch):
    window = make_window(qtbot, settings)
    assert not act(window, "import_plan").isEnabled()
    window.set_workspace(ws)
    assert act(window, "import_plan").isEnabled()
    calls = choose_files(monkeypatch)  # the user cancels the file dialog: no import dialog
    trigger(window, "import_plan")
    assert len(calls) == 1 and dialog_log.calls == []
    assert ws.years() == []


def test_preview_model_is_a_sound_read_only_tree(qapp, model_check):
    result = read_plan_file(SAMPLE)
    model = PreviewModel(preview_rows(result))
    model_check(model)
    assert model.rowCount() == 6 and model.columnCount() == 5
    first = model.index(0, 0)
    focus = model.index(0, 0, first)
    method = model.index(0, 0, focus)
    assert method.data() == "1.訂立標準作業程序/SOP"
    assert model.parent(method) == focus and model.parent(focus) == first
    assert model.index(0, 1, focus).data() == "教務課、輔導課"
    assert not model.flags(method) & Qt.ItemFlag.ItemIsEditable
    assert "標準作業程序" in method.data(Qt.ItemDataRole.ToolTipRole)
