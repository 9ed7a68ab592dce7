"""Render the app icon's SVGs to the PNG sizes and the multi-size Windows .ico (build time only).

Run `python packaging/make_icons.py` after editing the SVG; the PNGs and the .ico are kept in the
repository, so neither the app nor a build needs QtSvg or Pillow. planner.svg is the icon;
planner-small.svg is the same drawing fitted to the 16-pixel grid (sharp at 16 px). Uses PySide6's QSvgRenderer
(QtSvg is part of PySide6-Essentials) and writes the .ico itself: 32-bit BMP images for 16–128 px
and a PNG image for 256 px, as Windows' own icons are stored.
"""

from __future__ import annotations

import argparse
import logging
import os
import struct
import sys
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "planner.svg"
SMALL_SVG = ICONS / "planner-small.svg"
SMALL_SIZES = (16,)  # drawn from SMALL_SVG
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_IN_ICO_FROM = 256  # sizes from here on are stored as PNG inside the .ico


def png_path(size: int, folder: Path = ICONS) -> Path:
    """Return the path of the PNG of one size."""
    return folder / f"planner-{size}.png"


def render(svg: Path, size: int) -> object:
    """Render the SVG to a square ARGB32 QImage of a size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: object) -> bytes:
    """Return an image encoded as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def bmp_bytes(image: object) -> bytes:
    """Return an ARGB32 image as an ICO's BMP entry: header, bottom-up BGRA rows, AND mask."""
    width, height = image.width(), image.height()
    stride = image.bytesPerLine()
    raw = bytes(image.constBits())[: stride * height]
    # Format_ARGB32 holds 0xAARRGGBB words: on little-endian machines that is B, G, R, A in memory.
    if sys.byteorder != "little":
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    rows = [raw[y * stride : y * stride + width * 4] for y in range(height)]
    mask_stride = ((width + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_stride)
        for x in range(width):
            if row[x * 4 + 3] == 0:  # fully transparent: set in the AND mask for old renderers
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(reversed(rows))
    mask = b"".join(reversed(mask_rows))
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(images: dict[int, object]) -> bytes:
    """Return a multi-size .ico holding the images (size → QImage)."""
    sizes = sorted(images)
    blobs = [png_bytes(images[s]) if s >= PNG_IN_ICO_FROM else bmp_bytes(images[s]) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for size, blob in zip(sizes, blobs):
        side = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blobs)


def ico_sizes(data: bytes) -> list[tuple[int, str]]:
    """Return (size, "png"|"bmp") for each image of an .ico (used by the tests and as a check)."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico file")
    found = []
    for i in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        if offset + length > len(data):
            raise ValueError("truncated .ico file")
        fmt = "png" if data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" else "bmp"
        found.append((side or 256, fmt))
    return found


def make_icons(svg: Path = SVG, small_svg: Path = SMALL_SVG, folder: Path = ICONS) -> list[Path]:
    """Write planner-N.png for every size and planner.ico; return the files written."""
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    folder.mkdir(parents=True, exist_ok=True)
    images = {size: render(small_svg if size in SMALL_SIZES else svg, size) for size in SIZES}
    written = []
    for size, image in images.items():
        path = png_path(size, folder)
        path.write_bytes(png_bytes(image))
        written.append(path)
    ico = folder / "planner.ico"
    ico.write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    written.append(ico)
    return written


def main(argv: list[str] | None = None) -> int:
    """Render the icons."""
    parser = argparse.ArgumentParser(description="Render the app icon's PNG sizes and .ico from its SVG.")
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--small-svg", type=Path, default=SMALL_SVG)
    parser.add_argument("--out", type=Path, default=ICONS)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in make_icons(args.svg, args.small_svg, args.out):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
