#!/usr/bin/env bash
# Build the app with packaging/planner.spec and run what was built: planner-cli demo and export --format docx
# (and pdf when built in), planner --version, and planner --demo for a few seconds (under xvfb-run with a
# screenshot when it is installed, else offscreen). Prints the build time and the folder size.
#
#   bash packaging/smoke_test.sh            # builds into build/smoke/
#   PYTHON=python3 bash packaging/smoke_test.sh
set -euo pipefail

cd "$(dirname "$0")/.."

if [ "${1:-}" = "--gui" ]; then  # the GUI part, run by the build part below (under xvfb-run when it exists)
    "$APP/planner" --version
    "$APP/planner" --demo >"$TMP/gui.log" 2>&1 &
    pid=$!
    sleep 6
    if [ -n "${SCREENSHOT:-}" ]; then
        "$PYTHON" -c "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(['grab']); \
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)" "$SCREENSHOT"
        echo "screenshot: $SCREENSHOT"
    fi
    kill -0 "$pid"  # fails when the GUI has exited
    kill "$pid"
    wait "$pid" || true
    grep -q "showing .*示範工作區.planner" "$TMP/gui.log"
    if grep -q "qtbase_zh_TW.qm not found" "$TMP/gui.log"; then echo "Qt translation missing"; exit 1; fi
    echo "GUI started on the demo workspace"
    exit 0
fi

PYTHON=${PYTHON:-.venv/bin/python}
OUT=${OUT:-build/smoke}
APP="$OUT/dist/Planner"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/data" XDG_CONFIG_HOME="$TMP/home/config"
mkdir -p "$HOME"

start=$(date +%s)
"$PYTHON" packaging/build.py --dist "$OUT/dist" --work "$OUT/work"
build_seconds=$(( $(date +%s) - start ))

echo "== planner-cli"
"$APP/planner-cli" --version
"$APP/planner-cli" demo "$TMP/示範.planner"
"$APP/planner-cli" export "$TMP/示範.planner" --year 115 --format docx -o "$TMP/計畫.docx"
"$PYTHON" - "$TMP/計畫.docx" <<'EOF'
import sys
from docx import Document
document = Document(sys.argv[1])
title = "".join(p.text for p in document.paragraphs[:3]).replace(" ", "")
rows = sum(len(t.rows) for t in document.tables)
assert "115年度提升服務工作計畫" in title, title
assert rows > 40, rows
print(f"Word file read back: {title[:40]}…, {rows} table rows")
EOF
if "$APP/planner-cli" export --help | grep -q pdf; then
    env -u DISPLAY -u WAYLAND_DISPLAY "$APP/planner-cli" export "$TMP/示範.planner" --year 115 --format pdf -o "$TMP/計畫.pdf"
    head -c 5 "$TMP/計畫.pdf" | grep -q "%PDF" && echo "PDF written: $(stat -c %s "$TMP/計畫.pdf") bytes"
fi

echo "== planner (GUI)"
if command -v xvfb-run >/dev/null; then  # a real X server (virtual): the GUI's own window, and a screenshot
    APP="$APP" TMP="$TMP" PYTHON="$PYTHON" SCREENSHOT="$OUT/gui-demo.png" \
        xvfb-run -a -s "-screen 0 1400x900x24" bash packaging/smoke_test.sh --gui
else
    APP="$APP" TMP="$TMP" PYTHON="$PYTHON" QT_QPA_PLATFORM=offscreen bash packaging/smoke_test.sh --gui
fi

echo "== built in ${build_seconds} s; size: $(du -sh "$APP" | cut -f1) ($APP)"
