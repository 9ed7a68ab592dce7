"""What the frozen app (PyInstaller, packaging/planner.spec) holds: entry points, what is left out, version resource.

Kept apart from the spec so the tests can check these rules without building. Qt files are filtered in the
hooks under packaging/hooks (before PyInstaller looks for the libraries they need, so the GTK stack of an
unused platform theme is never collected) and once more over the finished lists in the spec.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
APP_FOLDER = "Planner"  # dist/Planner
GUI_NAME = "planner"
CLI_NAME = "planner-cli"
GUI_ENTRY = "ui.app:main"
CLI_ENTRY = "ui.cli:run"  # planner-cli with the Qt PDF exporter
PRODUCT_NAME = "提升服務計畫編輯器"
COPYRIGHT = "MIT License"

# Python modules that are never needed at run time (tests, tools, Tk, TLS) and the Qt modules we do not use.
# The app uses QtCore, QtGui and QtWidgets (QtPrintSupport when a PDF exporter asks for it).
EXCLUDED_MODULES = (
    # standard library parts the app never uses
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "test",
    "unittest",
    "doctest",
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "ensurepip",
    "venv",
    "distutils",
    # TLS and OpenSSL: the app is offline (hashlib falls back to its built-in hashes)
    "ssl",
    "_ssl",
    "_hashlib",
    # development and test tools
    "setuptools",
    "pkg_resources",
    "pip",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_timeout",
    "hypothesis",
    "pypdf",
    "pygments",
    "PyInstaller",
    # lxml parts python-docx and openpyxl do not use
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.cssselect",
    # Qt modules (PySide6-Essentials ships some; the full PySide6 ships the rest)
    *(
        f"PySide6.{name}"
        for name in (
            "QtNetwork",
            "QtDBus",
            "QtSql",
            "QtTest",
            "QtXml",
            "QtConcurrent",
            "QtHelp",
            "QtDesigner",
            "QtUiTools",
            "QtSvg",
            "QtSvgWidgets",
            "QtOpenGL",
            "QtOpenGLWidgets",
            "QtQml",
            "QtQmlFeatures",
            "QtQuick",
            "QtQuickWidgets",
            "QtQuickControls2",
            "QtQuickTest",
            "QtQuick3D",
            "QtLabsStyleKit",
            "QtWebEngineCore",
            "QtWebEngineWidgets",
            "QtWebEngineQuick",
            "QtWebChannel",
            "QtWebSockets",
            "QtHttpServer",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtSpatialAudio",
            "QtTextToSpeech",
            "Qt3DCore",
            "Qt3DRender",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DAnimation",
            "Qt3DExtras",
            "QtCharts",
            "QtDataVisualization",
            "QtGraphs",
            "QtGraphsWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtBluetooth",
            "QtNfc",
            "QtPositioning",
            "QtLocation",
            "QtSensors",
            "QtSerialPort",
            "QtSerialBus",
            "QtRemoteObjects",
            "QtScxml",
            "QtStateMachine",
            "QtAxContainer",
        )
    ),
)

# Qt plugins kept, by plugin type: file-name patterns (lib prefix and .so/.dll suffix ignored).
# Windows: the windows platform, the Windows 11 / Vista styles, Windows printing.
# Linux (where we test): X11 and Wayland, offscreen, the desktop portal's file dialogs, input methods (ibus).
KEPT_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("qwindows", "qxcb", "qwayland", "qoffscreen"),
    "styles": ("*",),
    "platformthemes": ("qxdgdesktopportal",),
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"),
    "wayland-shell-integration": ("xdg-shell",),
    "wayland-decoration-client": ("bradient",),
    "printsupport": ("*",),
}
# Qt's own texts: only Traditional Chinese (the app is Chinese only).
KEPT_TRANSLATIONS = ("qtbase_zh_TW.qm",)
# Libraries PySide6's hook adds on Windows although no kept file links them: the software OpenGL renderer
# (20 MB) and ANGLE, used by Qt Quick and QOpenGLWidget, never by plain widgets. (Qt libraries needed only by
# dropped plugins, such as Qt6Network for the VNC platform, are not collected at all: the hooks drop those
# plugins before PyInstaller looks for what they link.)
EXCLUDED_BINARIES = (
    "opengl32sw.dll",
    "d3dcompiler_*.dll",
    "libegl.dll",
    "libglesv2.dll",
)

_PLUGIN = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/(?P<kind>[^/]+)/(?P<file>[^/]+)$")
_TRANSLATION = re.compile(r"(?:^|/)PySide6/(?:Qt/)?translations/(?P<file>[^/]+)$")


def _posix(dest: str) -> str:
    return str(dest).replace("\\", "/")


def _plugin_stem(file: str) -> str:
    """Return a plugin's name without lib prefix and .so/.dll suffix: libqxcb.so → qxcb."""
    stem = file.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_plugin(dest: str) -> bool:
    """Return whether a collected file is kept (files that are not Qt plugins always are)."""
    match = _PLUGIN.search(_posix(dest))
    if match is None:
        return True
    patterns = KEPT_PLUGINS.get(match["kind"], ())
    return any(fnmatch.fnmatch(_plugin_stem(match["file"]), p) for p in patterns)


def keep_translation(dest: str) -> bool:
    """Return whether a collected data file is kept (only qtbase_zh_TW of Qt's translations)."""
    match = _TRANSLATION.search(_posix(dest))
    return match is None or match["file"] in KEPT_TRANSLATIONS


def keep_binary(dest: str) -> bool:
    """Return whether a collected binary is kept."""
    name = PurePosixPath(_posix(dest)).name.lower()
    if any(fnmatch.fnmatch(name, p) for p in EXCLUDED_BINARIES):
        return False
    return keep_plugin(dest)


def filter_toc(entries: Iterable[tuple], keep: object) -> list[tuple]:
    """Return the (dest, src, kind) entries a keep(dest) function accepts; log what is dropped."""
    kept = []
    for entry in entries:
        if keep(entry[0]):
            kept.append(entry)
        else:
            log.info("planner.spec: leaving out %s", _posix(entry[0]))
    return kept


def filter_hook_files(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Filter a Qt hook's (source, dest folder) pairs: plugins and translations we do not keep."""
    kept = []
    for src, dest_dir in pairs:
        dest = f"{_posix(dest_dir)}/{Path(src).name}"
        if keep_binary(dest) and keep_translation(dest):
            kept.append((src, dest_dir))
    return kept


def entry_script(target: str, folder: Path, name: str) -> Path:
    """Write the script PyInstaller starts from: import module:function and exit with what it returns."""
    module, function = target.split(":")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"entry_{name.replace('-', '_')}.py"
    path.write_text(
        f'"""Entry of {name} in the frozen app (written by packaging/planner.spec): {target}."""\n\n'
        f"import sys\n\nfrom {module} import {function}\n\nsys.exit({function}())\n",
        encoding="utf-8",
    )
    return path


def version() -> str:
    """Return planner.__version__ as written in planner/__init__.py (without importing the package)."""
    text = (ROOT / "planner" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if match is None:
        raise SystemExit("planner/__init__.py has no __version__")
    return match[1]


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """Return a version's four numbers for the Windows version resource: 0.1.0 → (0, 1, 0, 0); 1.2rc1 → (1, 2, 0, 0)."""
    parts = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", text)
    numbers = [int(p) for p in parts.groups() if p is not None] if parts else []
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_info(file_name: str, description: str, text: str | None = None) -> object:
    """Return the Windows version resource (VSVersionInfo) of one executable."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    text = text or version()
    numbers = version_tuple(text)
    strings = {
        "CompanyName": "Planner",
        "FileDescription": description,
        "FileVersion": text,
        "InternalName": Path(file_name).stem,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": file_name,
        "ProductName": PRODUCT_NAME,
        "ProductVersion": text,
    }
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1),
        kids=[
            # 0x0404 = Chinese (Taiwan), 1200 = Unicode
            StringFileInfo([StringTable("040404B0", [StringStruct(k, v) for k, v in strings.items()])]),
            VarFileInfo([VarStruct("Translation", [0x0404, 1200])]),
        ],
    )


def runtime_distributions(root: str = "planner") -> list[str]:
    """Return the distributions the app needs at run time: its requirements, recursively (extras left out)."""
    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            log.warning("planner.spec: %s is not installed", name)
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in seen:
            continue
        seen[key] = dist.metadata["Name"]
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    seen.pop(re.sub(r"[-_.]+", "-", root).lower(), None)
    return sorted(seen.values(), key=str.lower)


def is_windows() -> bool:
    """Return whether the build runs on Windows."""
    return sys.platform.startswith("win")
