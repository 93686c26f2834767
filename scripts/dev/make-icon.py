#!/usr/bin/env python3
"""Draws Clearpost's app icon (a rounded teal square with a white check mark in a
shield outline) as a 1024x1024 RGBA PNG using only the standard library.
`npx tauri icon icons/source.png -o icons` derives the other sizes from it."""
import struct, sys, zlib, math

SIZE = 1024

def inside_rounded_square(x, y, margin=64, radius=200):
    lo, hi = margin, SIZE - margin
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return lo <= x <= hi and lo <= y <= hi and (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2

def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

def pixel(x, y):
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    check = min(dist_to_segment(x, y, 300, 540, 450, 690), dist_to_segment(x, y, 450, 690, 740, 360))
    if check < 48:
        return (255, 255, 255, 255)
    return (15, 118, 110, 255)

rows = []
for y in range(SIZE):
    row = bytearray([0])
    for x in range(SIZE):
        row.extend(pixel(x, y))
    rows.append(bytes(row))
raw = zlib.compress(b"".join(rows), 9)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
