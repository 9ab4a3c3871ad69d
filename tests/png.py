"""Reading the pixels of a PNG screenshot (headless Chromium's), without an imaging library."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def read_png(path: Path) -> tuple[int, int, int, bytes]:
    """Width, height, channels and the decompressed image data (each row led by its filter byte) of an
    8-bit, non-interlaced RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, channels, zlib.decompress(idat)


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Rows of raw pixel bytes of an 8-bit RGB(A) PNG (filter bytes stripped)."""
    width, height, channels, raw = read_png(path)
    stride = width * channels + 1
    return width, height, [raw[i * stride + 1:(i + 1) * stride] for i in range(height)]


def png_rgb(path: Path) -> list[list[tuple[int, ...]]]:
    """The pixels of an 8-bit RGB(A) PNG, rows of (r, g, b), with the row filters undone (a filtered row
    holds differences, not colours)."""
    width, height, channels, raw = read_png(path)
    stride = width * channels
    previous = bytearray(stride)
    rows: list[list[tuple[int, ...]]] = []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return rows
