"""The build's rules and files, checked without building: what is kept, entry points, version resource, icons,
the Linux desktop entry and MIME type, the Inno Setup script."""

from __future__ import annotations

import configparser
import re
import sys
import types
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from planner import __version__
from tests.packaging.conftest import PACKAGING, ROOT

ICONS = ROOT / "resources" / "icons"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\d3dcompiler_47.dll", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6\\Qt6Widgets.dll", True),
        ("lxml/etree.cpython-311-x86_64-linux-gnu.so", True),
    ],
)
def test_kept_binaries(freeze_config, dest, kept):
    assert freeze_config.keep_binary(dest) is kept


def test_only_chinese_qt_translations(freeze_config):
    assert freeze_config.keep_translation("PySide6/Qt/translations/qtbase_zh_TW.qm")
    assert freeze_config.keep_translation("PySide6\\translations\\qtbase_zh_TW.qm")
    for name in ("qtbase_de.qm", "qt_zh_TW.qm", "qtbase_zh_CN.qm", "qtdeclarative_zh_TW.qm"):
        assert not freeze_config.keep_translation(f"PySide6/Qt/translations/{name}")
    assert freeze_config.keep_translation("resources/demo/demo-plan.json")
    kept = freeze_config.filter_hook_files(
        [("/x/qtbase_zh_TW.qm", "PySide6/Qt/translations"), ("/x/qtbase_ja.qm", "PySide6/Qt/translations")]
    )
    assert kept == [("/x/qtbase_zh_TW.qm", "PySide6/Qt/translations")]


def test_excluded_modules(freeze_config):
    excluded = set(freeze_config.EXCLUDED_MODULES)
    assert {"tkinter", "unittest", "pytest", "PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.Qt3DCore"} <= excluded
    assert {"PySide6.QtMultimedia", "PySide6.QtNetwork", "ssl"} <= excluded
    assert not excluded & {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPrintSupport", "sqlite3"}


def test_entry_points(freeze_config, tmp_path):
    assert freeze_config.GUI_ENTRY == "ui.app:main"
    assert freeze_config.CLI_ENTRY == "ui.cli:run"
    assert (ROOT / "ui" / "cli.py").is_file()
    script = freeze_config.entry_script("planner.cli:run", tmp_path / "entries", "planner-cli")
    assert script.name == "entry_planner_cli.py"
    text = script.read_text(encoding="utf-8")
    assert "from planner.cli import run\n" in text and "sys.exit(run())" in text
    compile(text, str(script), "exec")


def test_version_resource(freeze_config, monkeypatch):
    pytest.importorskip("PyInstaller", reason="pip install pyinstaller (the package extra)")
    # PyInstaller's versioninfo imports pefile and win32api (Windows only) for reading and writing .exe files;
    # building the resource bytes uses neither, so stand-ins let Linux check what Windows builds embed.
    import PyInstaller.compat

    monkeypatch.setitem(sys.modules, "pefile", sys.modules.get("pefile") or types.ModuleType("pefile"))
    if not hasattr(PyInstaller.compat, "win32api"):
        monkeypatch.setattr(PyInstaller.compat, "win32api", types.ModuleType("win32api"), raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    assert freeze_config.version() == __version__
    assert freeze_config.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert freeze_config.version_tuple("1.2") == (1, 2, 0, 0)
    assert freeze_config.version_tuple("2.3.4.5.6") == (2, 3, 4, 5)
    assert freeze_config.version_tuple("1.0rc1") == (1, 0, 0, 0)
    info = freeze_config.version_info("planner.exe", "提升服務計畫編輯器")
    raw = info.toRaw()  # the bytes PyInstaller writes into the .exe on Windows
    text = raw.decode("utf-16-le", errors="ignore")
    for expected in ("VS_VERSION_INFO", "040404B0", "ProductVersion", __version__, "planner.exe", "提升服務計畫編輯器"):
        assert expected in text
    major, minor, patch, build = freeze_config.version_tuple(__version__)
    # (the fixed part is packed with native longs: its bytes are right on Windows only, so compare the fields)
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == ((major << 16) | minor, (patch << 16) | build)
    assert (info.ffi.productVersionMS, info.ffi.productVersionLS) == (info.ffi.fileVersionMS, info.ffi.fileVersionLS)


def test_runtime_distributions(freeze_config):
    names = {re.sub(r"[-_.]+", "-", n).lower() for n in freeze_config.runtime_distributions()}
    assert {"pyside6-essentials", "shiboken6", "peewee", "python-docx", "openpyxl", "lxml", "icalendar"} <= names
    assert not names & {"pytest", "pyinstaller", "ruff", "planner"}


def test_icons(make_icons):
    for size in make_icons.SIZES:
        image = QImage(str(ICONS / f"planner-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and image.pixelColor(0, size - 1).alpha() == 0  # transparent corner
    data = (ICONS / "planner.ico").read_bytes()
    sizes = make_icons.ico_sizes(data)
    assert sizes == [(16, "bmp"), (24, "bmp"), (32, "bmp"), (48, "bmp"), (64, "bmp"), (128, "bmp"), (256, "png")]
    assert ET.parse(ICONS / "planner.svg").getroot().get("viewBox") == "0 0 256 256"


def test_ico_writer_round_trip(make_icons, qapp):
    image = make_icons.render(ICONS / "planner.svg", 32)
    data = make_icons.ico_bytes({32: image, 256: make_icons.render(ICONS / "planner.svg", 256)})
    assert make_icons.ico_sizes(data) == [(32, "bmp"), (256, "png")]
    back = QImage.fromData(data, "ICO")  # Qt reads the first (32 px) image
    assert back.width() == 32
    assert back.pixelColor(16, 2) == image.pixelColor(16, 2)  # rows not flipped, colours as drawn
    with pytest.raises(ValueError):
        make_icons.ico_sizes(b"\x00\x00\x02\x00\x00\x00")


def test_desktop_entry_and_mime_type():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "planner.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == "提升服務計畫編輯器"
    assert desktop["Exec"] == "planner %f" and desktop["Icon"] == "planner" and desktop["Terminal"] == "false"
    assert desktop["MimeType"] == "application/x-planner-workspace;"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PACKAGING / "planner-mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == "application/x-planner-workspace"
    assert mime.find("m:glob", ns).get("pattern") == "*.planner"
    assert mime.find("m:sub-class-of", ns).get("type") == "application/vnd.sqlite3"


def test_inno_setup_script():
    raw = (PACKAGING / "planner.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a Unicode script only with a BOM
    text = raw.decode("utf-8-sig")
    setup = dict(
        line.split("=", 1)
        for line in text.split("[Setup]")[1].split("\n[")[0].splitlines()
        if "=" in line and not line.startswith(";")
    )
    setup = {k.strip(): v.strip() for k, v in setup.items()}
    assert setup["PrivilegesRequired"] == "lowest"  # per-user: no administrator rights needed
    assert setup["DefaultDirName"] == r"{autopf}\{#AppFolderName}"
    assert setup["ChangesAssociations"] == "yes"
    assert (
        setup["SetupIconFile"] == r"..\resources\icons\planner.ico" and (ROOT / "resources/icons/planner.ico").is_file()
    )
    assert "{autoprograms}" in text and r'Subkey: "Software\Classes\.planner' in text and "Root: HKA" in text
    assert '"""{app}\\{#AppExeName}"" ""%1"""' in text
    assert "ChineseTraditional.isl" in text and 'MessagesFile: "compiler:Default.isl"' in text
    for section in ("[Languages]", "[Tasks]", "[Files]", "[Icons]", "[Registry]", "[Run]"):
        assert section in text
    assert text.count("#if") == text.count("#endif")  # #if, #ifdef, #ifndef all closed
