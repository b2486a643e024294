#!/usr/bin/python3
"""Writes jpeg-sizes.json: the byte sizes of PIL's (libjpeg's) JPEG encoding of a fixed grey and a
fixed colour test image at CIFAR-10-C's five JPEG qualities (80, 65, 58, 50, 40), for
CorruptionTest. The images are given by formulas that the Java test computes the same way.
Run with Debian's Python: /usr/bin/python3 make_jpeg_fixture.py
"""
import io
import json
import math
import os

from PIL import Image


def pixel(c, y, x):
    # a smooth pattern plus a little texture, values in [0, 1]
    return 0.5 + 0.25 * math.sin(0.4 * x + 0.3 * y + c) + 0.2 * math.sin(1.7 * x * y / 32.0 + 2 * c)


def image(channels, side):
    img = Image.new("RGB" if channels == 3 else "L", (side, side))
    for y in range(side):
        for x in range(side):
            values = tuple(min(255, max(0, round(255 * pixel(c, y, x)))) for c in range(channels))
            img.putpixel((x, y), values if channels == 3 else values[0])
    return img


sizes = {}
for channels in (1, 3):
    img = image(channels, 32)
    row = []
    for q in (80, 65, 58, 50, 40):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=q)
        row.append(len(buf.getvalue()))
    sizes[str(channels)] = row
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "jpeg-sizes.json"), "w") as f:
    json.dump(sizes, f)
print(sizes)
