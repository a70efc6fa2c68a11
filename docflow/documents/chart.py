"""A dependency-free bar chart as PNG bytes, for the monitoring summary's InlineImage."""

from __future__ import annotations

import struct
import zlib

PALETTE = ((46, 117, 182), (112, 173, 71), (237, 125, 49), (165, 165, 165))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bar_chart_png(values: list[float], *, width: int = 600, height: int = 240) -> bytes:
    """Vertical bars scaled to the maximum value, on a white field with a baseline."""
    top = max([*values, 1e-9])
    n = max(len(values), 1)
    slot = width // n
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0
        level = (height - 1 - y) / (height - 1) if height > 1 else 0
        for x in range(width):
            i = min(x // slot, n - 1)
            inside = values and slot // 6 <= x % slot < slot - slot // 6 and level <= values[i] / top * 0.92
            if y >= height - 2:
                pixel = (0, 0, 0)
            elif inside:
                pixel = PALETTE[i % len(PALETTE)]
            else:
                pixel = (255, 255, 255)
            row.extend(pixel)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
