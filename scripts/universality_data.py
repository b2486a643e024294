#!/usr/bin/python3
"""Builds the universality suite (issue 16) from Debian packages, seeded and reproducible.

    /usr/bin/python3 scripts/universality_data.py TARGET [--seed 1]

Writes under TARGET:
  digits/         sklearn's handwritten digits (python3-sklearn, 8x8 grey, 1,797 images) upscaled to
                  28x28, as MNIST-style IDX files (train-images-idx3-ubyte.gz, ...): a stratified,
                  seeded split, two thirds train, one third test; one-class task per digit.
  textures/NAME/  one MVTec-AD-layout task per photographic texture of colobot-common-textures:
                  train/good (64x64 crops from the top half of the 512x512 texture), test/good
                  (crops from the bottom half), test/<defect> (bottom-half crops with one synthetic
                  defect each) and ground_truth/<defect>/<n>_mask.png; grey textures are saved as
                  8-bit grey PNGs.
  textures/tasks.tsv   name, channels, side of every texture task
  textures-128/   with --textures-128 only: the colobot tasks again at 128x128 crops (the same seeds), every
                  length of the defect generator doubled so a defect covers the same part of the crop
  glyphs/         with --glyphs only: the letters A-J (notMNIST's classes) drawn from every font face
                  installed under /usr/share/fonts that draws them (fonts-* packages, see
                  scripts/universality-data), MNIST-style (white on black, fitted into 20x20, centred by
                  mass in 28x28) as IDX files; the font families are split, seeded, three fifths train
                  and two fifths test-only, so a test letter is always in a typeface never trained on;
                  one-class task per letter (label 0 = A)
  textures-oa/    with --openarena only: the same layout from six photographic textures of a second
                  source, openarena-081-textures (the JPEGs inside its pak4-textures.pk3), with
                  foreign material from three other textures of it: a set the recipe was not
                  chosen on, for checking it on textures of another origin
  SUITE.txt       what was built, from what, with which seed and counts

Fashion-MNIST is not copied: the runner reads the repository's data/fashion-mnist-subset.

The defect generator below is written for this benchmark alone: it shares no code with
unode-augment's hard-augmentation pool (the training signal), so the benchmark does not test the
detector on its own negatives. Kinds follow MVTec AD's defect folders: scratch, crack, hole,
stain, foreign material, missing piece, colour change.

The textures are GPL-3+ (Colobot, EPSITEC SA & TerranovaTeam) and GPL-2+ (OpenArena Team,
openarena-081-textures): the generated crops are derived works; do not commit them.
"""
import argparse
import gzip
import os
import struct
import io
import sys
import zipfile
import zlib

import numpy as np

try:
    from PIL import Image
except ImportError:
    sys.exit("universality_data.py needs Pillow: apt-get install python3-pil")

COLOBOT = "/usr/share/games/colobot/textures"
# (name in the suite, texture file, channels); grey ones are converted to luminance
TEXTURES = [
    ("desert4", "desert4", 3),
    ("green01", "green01", 3),
    ("chili01", "chili01", 3),
    ("mars001", "mars001", 3),
    ("moon103", "moon103", 1),
    ("dirty01", "dirty01", 1),
]
# textures that only ever appear as foreign material pasted into a crop
FOREIGN = ["lava04", "dirty03", "objects/wood01"]
OPENARENA = "/usr/share/games/openarena/baseoa/pak4-textures.pk3"
# the second source (--openarena): members of the .pk3 under textures/
OA_TEXTURES = [
    ("sand", "acc_dm5/sand.jpg", 3),
    ("rust", "acc_dm5/rust.jpg", 3),
    ("rock", "stone/pjrock16.jpg", 3),
    ("mud", "acc_dm5/mud02.jpg", 3),
    ("concrete", "acc_dm3/concrt.jpg", 1),
    ("tinfloor", "proto2/tin_floor01.jpg", 1),
]
OA_FOREIGN = ["acc_dm3/grass.jpg", "acc_dm5/wall_dirty.jpg", "nki/nki_sand2.tga"]
DEFECTS = ["scratch", "crack", "hole", "stain", "foreign", "missing", "colour"]
SIDE = 64  # crop side of the texture tasks; --textures-128 builds a second set at 128
SCALE = 1.0  # SIDE / 64: every length of the defect generator is multiplied by it


def set_side(side):
    """Crop side for the texture sets built next; the defects keep their size relative to the crop."""
    global SIDE, SCALE
    SIDE, SCALE = side, side / 64.0


def stable_seed(*parts):
    return zlib.crc32("/".join(str(p) for p in parts).encode()) & 0x7FFFFFFF


# ---------------------------------------------------------------- digits

def write_idx_images(path, images):
    n, h, w = images.shape
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, n, h, w))
        f.write(images.astype(np.uint8).tobytes())


def write_idx_labels(path, labels):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(labels)))
        f.write(np.asarray(labels, dtype=np.uint8).tobytes())


def build_digits(target, seed):
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        sys.exit("the digits need python3-sklearn: apt-get install python3-sklearn")
    d = load_digits()
    imgs = d.images  # 0..16
    up = np.stack([np.asarray(Image.fromarray((im * (255.0 / 16)).astype(np.float32), mode="F")
                              .resize((28, 28), Image.BILINEAR)) for im in imgs])
    up = np.clip(np.rint(up), 0, 255).astype(np.uint8)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in range(10):
        idx = np.flatnonzero(d.target == c)
        rng.shuffle(idx)
        k = (2 * len(idx)) // 3
        train += list(idx[:k])
        test += list(idx[k:])
    train, test = np.array(sorted(train)), np.array(sorted(test))
    out = os.path.join(target, "digits")
    os.makedirs(out, exist_ok=True)
    write_idx_images(os.path.join(out, "train-images-idx3-ubyte.gz"), up[train])
    write_idx_labels(os.path.join(out, "train-labels-idx1-ubyte.gz"), d.target[train])
    write_idx_images(os.path.join(out, "t10k-images-idx3-ubyte.gz"), up[test])
    write_idx_labels(os.path.join(out, "t10k-labels-idx1-ubyte.gz"), d.target[test])
    return len(train), len(test)


# ---------------------------------------------------------------- glyphs (a semantic grey set of another origin)

FONT_DIRS = ["/usr/share/fonts"]
LETTERS = "ABCDEFGHIJ"  # notMNIST's ten classes
# faces whose letters are not letters (symbols, dingbats, mathematics, emoji, music)
NOT_TEXT = ("dingbat", "symbol", "math", "emoji", "music", "ornament", "cursor", "d050000l")


def render_glyph(font, ch):
    """One letter as MNIST draws a digit: white on black, fitted into 20x20, centred by mass in 28x28."""
    from PIL import ImageDraw
    canvas = Image.new("L", (160, 160), 0)
    ImageDraw.Draw(canvas).text((40, 20), ch, fill=255, font=font)
    a = np.asarray(canvas, dtype=np.float64)
    ys, xs = np.nonzero(a > 0)
    if len(ys) == 0:
        return None
    a = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = a.shape
    k = 20.0 / max(h, w)
    nh, nw = max(1, int(round(h * k))), max(1, int(round(w * k)))
    small = np.asarray(Image.fromarray(a.astype(np.float32), mode="F").resize((nw, nh), Image.LANCZOS))
    small = np.clip(small, 0, 255)
    out = np.zeros((28, 28))
    total = small.sum()
    if total <= 0:
        return None
    cy = (small.sum(axis=1) * np.arange(nh)).sum() / total
    cx = (small.sum(axis=0) * np.arange(nw)).sum() / total
    oy, ox = int(round(14 - cy)), int(round(14 - cx))
    oy, ox = min(max(oy, 0), 28 - nh), min(max(ox, 0), 28 - nw)
    out[oy:oy + nh, ox:ox + nw] = small
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def font_faces():
    """Every face under FONT_DIRS that draws A-J as ten distinct, non-empty letters: (family, style, images)."""
    from PIL import ImageFont
    files = sorted(os.path.join(d, f) for root in FONT_DIRS for d, _, fs in os.walk(root) for f in fs
                   if f.lower().endswith((".ttf", ".otf", ".pfb")))
    faces, seen = [], set()
    for path in files:
        if any(w in os.path.basename(path).lower() for w in NOT_TEXT):
            continue
        try:
            font = ImageFont.truetype(path, 96)
            family, style = font.getname()
        except (OSError, ValueError):
            continue
        if any(w in (family or "").lower() for w in NOT_TEXT):
            continue
        key = (family, style)
        if key in seen:  # the same face shipped twice (e.g. .otf and .pfb)
            continue
        imgs = [render_glyph(font, ch) for ch in LETTERS]
        if any(im is None for im in imgs):
            continue
        notdef = render_glyph(font, "\uffff")
        flat = [im.tobytes() for im in imgs]
        if len(set(flat)) < len(LETTERS) or (notdef is not None and notdef.tobytes() in flat):
            continue  # letters missing (drawn as .notdef) or not distinct
        seen.add(key)
        faces.append((family, style, imgs))
    return faces


def build_glyphs(target, seed):
    """glyphs/: letters A-J rendered from every Debian font face installed, split by font family."""
    faces = font_faces()
    families = sorted({f[0] for f in faces})
    if len(families) < 10:
        sys.exit("the glyphs need more fonts: %d families found under %s (see scripts/universality-data)"
                 % (len(families), FONT_DIRS))
    rng = np.random.default_rng(stable_seed(seed, "glyphs"))
    order = list(families)
    rng.shuffle(order)
    test_families = set(order[: len(order) * 2 // 5])  # two fifths of the families are test-only
    split = {"train": ([], []), "test": ([], [])}
    for family, style, imgs in faces:
        xs, ys = split["test" if family in test_families else "train"]
        for c, im in enumerate(imgs):
            xs.append(im)
            ys.append(c)
    out = os.path.join(target, "glyphs")
    os.makedirs(out, exist_ok=True)
    for name, prefix in (("train", "train"), ("test", "t10k")):
        xs, ys = split[name]
        write_idx_images(os.path.join(out, prefix + "-images-idx3-ubyte.gz"), np.stack(xs))
        write_idx_labels(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"), ys)
    with open(os.path.join(out, "faces.tsv"), "w") as f:
        f.write("family\tstyle\tsplit\n")
        for family, style, _ in faces:
            f.write("%s\t%s\t%s\n" % (family, style, "test" if family in test_families else "train"))
    ntr, nte = len(split["train"][1]) // len(LETTERS), len(split["test"][1]) // len(LETTERS)
    return len(families), len(test_families), ntr, nte


# ---------------------------------------------------------------- defects (fresh code, not unode-augment)

def grid():
    y, x = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)
    return x + 0.5, y + 0.5


def polyline_distance(points):
    """Distance of every pixel centre to a polyline (K x 2 points, x/y)."""
    x, y = grid()
    best = np.full((SIDE, SIDE), np.inf)
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        dx, dy = x1 - x0, y1 - y0
        ll = dx * dx + dy * dy
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / max(ll, 1e-9), 0, 1)
        px, py = x0 + t * dx, y0 + t * dy
        best = np.minimum(best, np.hypot(x - px, y - py))
    return best


def line_alpha(points, width):
    """Anti-aliased coverage of a stroke of the given width along the polyline."""
    return np.clip(width / 2 + 0.5 - polyline_distance(points), 0, 1)


def blob(rng, cx, cy, radius, softness=1.0):
    """Soft irregular blob: a radius that wobbles with the angle (harmonics 2-4)."""
    x, y = grid()
    ang = np.arctan2(y - cy, x - cx)
    r = np.full_like(ang, radius)
    for k in (2, 3, 4):
        r *= 1 + rng.uniform(-0.18, 0.18) * np.cos(k * ang + rng.uniform(0, 2 * np.pi))
    d = np.hypot(x - cx, y - cy)
    return np.clip((r - d) / softness + 0.5, 0, 1)


def centre(rng, margin=12):
    margin *= SCALE
    return rng.uniform(margin, SIDE - margin), rng.uniform(margin, SIDE - margin)


def scratch(img, rng, foreign):
    n = rng.integers(1, 3)
    alpha = np.zeros((SIDE, SIDE))
    for _ in range(n):
        a = rng.uniform(0, np.pi)
        length = rng.uniform(25, 55) * SCALE
        cx, cy = centre(rng, 16)
        bend = rng.uniform(-4, 4) * SCALE
        pts = []
        for t in np.linspace(-0.5, 0.5, 9):
            pts.append((cx + t * length * np.cos(a) - bend * (1 - 4 * t * t) * np.sin(a),
                        cy + t * length * np.sin(a) + bend * (1 - 4 * t * t) * np.cos(a)))
        alpha = np.maximum(alpha, line_alpha(np.array(pts), rng.uniform(0.8, 1.8) * SCALE))
    bright = rng.random() < 0.6
    tone = np.clip(img + 0.4, 0, 1) if bright else img * 0.35
    return img * (1 - alpha[..., None]) + tone * alpha[..., None], alpha > 0.25


def crack(img, rng, foreign):
    cx, cy = centre(rng, 14)
    a = rng.uniform(0, 2 * np.pi)
    alpha = np.zeros((SIDE, SIDE))
    branches = [(cx, cy, a), (cx, cy, a + np.pi)]
    for bx, by, ba in branches:
        pts = [(bx, by)]
        for _ in range(rng.integers(5, 10)):
            ba += rng.uniform(-0.7, 0.7)
            step = rng.uniform(2.5, 5) * SCALE
            bx, by = bx + step * np.cos(ba), by + step * np.sin(ba)
            pts.append((bx, by))
        alpha = np.maximum(alpha, line_alpha(np.array(pts), rng.uniform(1.0, 2.0) * SCALE))
        if rng.random() < 0.5:  # a side branch from a random vertex
            sx, sy = pts[rng.integers(1, len(pts))]
            sa = ba + rng.choice([-1, 1]) * rng.uniform(0.6, 1.2)
            side = [(sx, sy)]
            for _ in range(rng.integers(2, 5)):
                sa += rng.uniform(-0.5, 0.5)
                sx, sy = sx + 3 * SCALE * np.cos(sa), sy + 3 * SCALE * np.sin(sa)
                side.append((sx, sy))
            alpha = np.maximum(alpha, line_alpha(np.array(side), 1.0 * SCALE))
    dark = img * rng.uniform(0.1, 0.3)
    return img * (1 - alpha[..., None]) + dark * alpha[..., None], alpha > 0.25


def hole(img, rng, foreign):
    cx, cy = centre(rng)
    r = rng.uniform(3.5, 8) * SCALE
    inside = blob(rng, cx, cy, r, 0.8 * SCALE)
    x, y = grid()
    depth = np.clip(1 - np.hypot(x - cx, y - cy) / (r + SCALE), 0, 1)
    floor = img.mean(axis=(0, 1)) * 0.08 + 0.04 * (1 - depth[..., None])
    rim = np.clip(blob(rng, cx, cy, r + 1.5 * SCALE, 0.8 * SCALE) - inside, 0, 1)
    out = img * (1 - inside[..., None]) + floor * inside[..., None]
    out = out + 0.25 * rim[..., None] * (1 - out)
    return out, inside > 0.25


def stain(img, rng, foreign):
    cx, cy = centre(rng)
    a = blob(rng, cx, cy, rng.uniform(5, 12) * SCALE, rng.uniform(2, 4) * SCALE) * rng.uniform(0.55, 0.85)
    tint = rng.uniform(0.05, 0.45, size=3)[: img.shape[2]] if img.shape[2] == 3 else np.array([rng.uniform(0.05, 0.4)])
    out = img * (1 - a[..., None] * 0.7) + a[..., None] * 0.7 * tint
    return out, a > 0.2


def foreign_material(img, rng, foreign):
    cx, cy = centre(rng)
    a = blob(rng, cx, cy, rng.uniform(4, 9) * SCALE, 0.7 * SCALE)
    src = foreign[rng.integers(len(foreign))]
    fy, fx = rng.integers(0, src.shape[0] - SIDE), rng.integers(0, src.shape[1] - SIDE)
    patch = src[fy:fy + SIDE, fx:fx + SIDE]
    if img.shape[2] == 1:
        patch = patch.mean(axis=2, keepdims=True)
    return img * (1 - a[..., None]) + patch * a[..., None], a > 0.25


def missing(img, rng, foreign):
    """A piece broken off at an edge: a polygon on one side filled with a flat background."""
    x, y = grid()
    side = rng.integers(4)
    depth = rng.uniform(8, 18) * SCALE
    c = rng.uniform(15 * SCALE, SIDE - 15 * SCALE)
    half = rng.uniform(8, 16) * SCALE
    u = (x, y, SIDE - x, SIDE - y)[side]  # distance into the image from that side
    v = y if side in (0, 2) else x  # position along that side
    profile = depth * np.clip(1 - np.abs(v - c) / half, 0, 1) ** rng.uniform(0.6, 1.4)
    a = np.clip(profile - u + 0.5, 0, 1)
    bg = np.full(img.shape[2], rng.choice([0.02, 0.95]))
    return img * (1 - a[..., None]) + bg * a[..., None], a > 0.25


def colour_change(img, rng, foreign):
    cx, cy = centre(rng)
    a = blob(rng, cx, cy, rng.uniform(6, 13) * SCALE, rng.uniform(1.5, 3) * SCALE)
    if img.shape[2] == 3:
        hsv = np.asarray(Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), "RGB").convert("HSV"),
                         dtype=np.float64)
        hsv[..., 0] = (hsv[..., 0] + rng.uniform(50, 200)) % 256
        hsv[..., 1] = np.clip(hsv[..., 1] * rng.uniform(1.0, 1.6) + 20, 0, 255)
        shifted = np.asarray(Image.fromarray(hsv.astype(np.uint8), "HSV").convert("RGB"), dtype=np.float64) / 255
    else:
        shifted = np.clip(img * rng.choice([0.6, 1.45]), 0, 1)
    return img * (1 - a[..., None]) + shifted * a[..., None], a > 0.3


GENERATORS = {"scratch": scratch, "crack": crack, "hole": hole, "stain": stain,
              "foreign": foreign_material, "missing": missing, "colour": colour_change}


# ---------------------------------------------------------------- textures

def load(name, channels, source="colobot"):
    if source == "openarena":
        if not os.path.exists(OPENARENA):
            sys.exit("missing %s: apt-get install openarena-081-textures" % OPENARENA)
        with zipfile.ZipFile(OPENARENA) as z:
            im = Image.open(io.BytesIO(z.read("textures/" + name))).convert("RGB")
    else:
        path = os.path.join(COLOBOT, name + ".png")
        if not os.path.exists(path):
            sys.exit("missing %s: apt-get install colobot-common-textures" % path)
        im = Image.open(path).convert("RGB")
    arr = np.asarray(im, dtype=np.float64) / 255
    if channels == 1:
        arr = np.asarray(im.convert("L"), dtype=np.float64)[..., None] / 255
    return arr


def save(arr, path):
    a = np.clip(np.rint(arr * 255), 0, 255).astype(np.uint8)
    Image.fromarray(a[..., 0] if a.shape[2] == 1 else a, "L" if a.shape[2] == 1 else "RGB").save(path, optimize=False)


def crop(tex, rng, top):
    h = tex.shape[0] // 2
    y0 = 0 if top else tex.shape[0] - h
    y = y0 + rng.integers(0, h - SIDE + 1)
    x = rng.integers(0, tex.shape[1] - SIDE + 1)
    return tex[y:y + SIDE, x:x + SIDE].copy()


def build_textures(target, seed, n_train, n_good, n_defect, folder="textures", textures=TEXTURES,
                   foreign_files=FOREIGN, source="colobot"):
    foreign = [load(f, 3, source) for f in foreign_files]
    root = os.path.join(target, folder)
    os.makedirs(root, exist_ok=True)
    rows = []
    for name, file, channels in textures:
        tex = load(file, channels, source)
        if tex.shape[0] < 2 * SIDE or tex.shape[1] < SIDE:
            sys.exit("texture %s is %dx%d: too small for %d px crops from each half"
                     % (file, tex.shape[1], tex.shape[0], SIDE))
        task = os.path.join(root, name)
        rng = np.random.default_rng(stable_seed(seed, name))
        for split, kind, count in [("train", "good", n_train), ("test", "good", n_good)] + \
                [("test", d, n_defect) for d in DEFECTS]:
            os.makedirs(os.path.join(task, split, kind), exist_ok=True)
            if kind != "good":
                os.makedirs(os.path.join(task, "ground_truth", kind), exist_ok=True)
            for i in range(count):
                img = crop(tex, rng, split == "train")
                if kind != "good":
                    img, mask = GENERATORS[kind](img, rng, foreign)
                    Image.fromarray((mask * 255).astype(np.uint8), "L").save(
                        os.path.join(task, "ground_truth", kind, "%03d_mask.png" % i))
                save(img, os.path.join(task, split, kind, "%03d.png" % i))
        rows.append((name, channels, SIDE))
    with open(os.path.join(root, "tasks.tsv"), "w") as f:
        f.write("name\tchannels\tside\n")
        for r in rows:
            f.write("%s\t%d\t%d\n" % r)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("target")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--train", type=int, default=200, help="train/good crops per texture")
    p.add_argument("--good", type=int, default=70, help="test/good crops per texture")
    p.add_argument("--defect", type=int, default=15, help="test crops per defect kind and texture")
    p.add_argument("--openarena", action="store_true",
                   help="also build textures-oa/ from openarena-081-textures (a second texture source)")
    p.add_argument("--textures-128", action="store_true",
                   help="also build textures-128/: the colobot tasks at 128x128 crops, defects scaled with the crop")
    p.add_argument("--glyphs", action="store_true",
                   help="also build glyphs/: letters A-J from the installed Debian fonts, split by family")
    a = p.parse_args()
    os.makedirs(a.target, exist_ok=True)
    ntr, nte = build_digits(a.target, a.seed)
    rows = build_textures(a.target, a.seed, a.train, a.good, a.defect)
    oa = build_textures(a.target, a.seed, a.train, a.good, a.defect, "textures-oa", OA_TEXTURES, OA_FOREIGN,
                        "openarena") if a.openarena else []
    big = []
    if a.textures_128:
        set_side(128)
        big = build_textures(a.target, a.seed, a.train, a.good, a.defect, "textures-128")
        set_side(64)
    glyphs = build_glyphs(a.target, a.seed) if a.glyphs else None
    with open(os.path.join(a.target, "SUITE.txt"), "w") as f:
        f.write("universality suite, seed %d, built by scripts/universality_data.py\n" % a.seed)
        f.write("digits: sklearn load_digits upscaled to 28x28 (bilinear), %d train, %d test\n" % (ntr, nte))
        f.write("textures: %s, %dx%d crops, %d train/good, %d test/good, %d per defect kind (%s)\n"
                % (", ".join("%s(%s)" % (r[0], "rgb" if r[1] == 3 else "grey") for r in rows), SIDE, SIDE,
                   a.train, a.good, a.defect, ", ".join(DEFECTS)))
        f.write("foreign material from: %s\n" % ", ".join(FOREIGN))
        f.write("licence: the textures and every crop of them are GPL-3+ (Colobot, colobot-common-textures);"
                " not for committing\n")
        if oa:
            f.write("textures-oa: %s from openarena-081-textures (%s), foreign material from: %s;"
                    " GPL-2+ (OpenArena Team), not for committing\n"
                    % (", ".join("%s(%s)" % (r[0], "rgb" if r[1] == 3 else "grey") for r in oa), OPENARENA,
                       ", ".join(OA_FOREIGN)))
        if big:
            f.write("textures-128: the same textures and seeds as textures, 128x128 crops, every defect length"
                    " doubled (the same size relative to the crop); GPL-3+, not for committing\n")
        if glyphs:
            f.write("glyphs: letters %s from %d font families under %s (%d families test-only), MNIST-style"
                    " 28x28, %d train and %d test faces a letter; the fonts' licences (OFL, GPL, AGPL with font"
                    " exception, Apache, ...) apply to the renderings: not for committing\n"
                    % (LETTERS, glyphs[0], ", ".join(FONT_DIRS), glyphs[1], glyphs[2], glyphs[3]))
    print("built %s: digits %d/%d, %d texture tasks%s%s%s" % (
        a.target, ntr, nte, len(rows), ", %d openarena texture tasks" % len(oa) if oa else "",
        ", %d texture tasks at 128 px" % len(big) if big else "",
        ", glyphs (%d families, %d/%d faces a letter)" % (glyphs[0], glyphs[2], glyphs[3]) if glyphs else ""))


if __name__ == "__main__":
    main()
