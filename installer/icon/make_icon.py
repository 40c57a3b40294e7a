#!/usr/bin/env python3
"""Draw Raccordo's icon: three linked nodes (the offices, the services, the households) on a blue tile.

    python installer/icon/make_icon.py      # writes resources/icons/raccordo.png, raccordo.ico, hicolor/

Drawn at 1024 px and scaled down, so every size is anti-aliased; the output is committed, so building the
bundle does not need Pillow's drawing code. Colours: the blue of Italian public-administration sites
(#0066CC, Designers Italia) on white, readable on light and dark task bars.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "icons"
BLUE = (0, 102, 204, 255)
DARK = (0, 68, 140, 255)
WHITE = (255, 255, 255, 255)
SIZE = 1024
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
HICOLOR_SIZES = [16, 32, 48, 64, 128, 256, 512]


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin, radius = size * 0.06, size * 0.2
    pen.rounded_rectangle((margin, margin + size * 0.02, size - margin, size - margin + size * 0.02), radius,
                          fill=DARK)  # a low shadow edge gives the tile some depth at large sizes
    pen.rounded_rectangle((margin, margin, size - margin, size - margin), radius, fill=BLUE)
    nodes = [(0.32, 0.34), (0.70, 0.40), (0.45, 0.71)]
    points = [(x * size, y * size) for x, y in nodes]
    width = round(size * 0.055)
    for i, start in enumerate(points):
        pen.line([start, points[(i + 1) % len(points)]], fill=WHITE, width=width)
    for index, (x, y) in enumerate(points):
        r = size * (0.115 if index == 0 else 0.095)
        pen.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
        inner = r * 0.45
        pen.ellipse((x - inner, y - inner, x + inner, y + inner), fill=BLUE)
    return image


def main() -> None:
    big = draw()
    OUT.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "raccordo.png", optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "raccordo.ico", sizes=[(s, s) for s in ICO_SIZES])
    for size in HICOLOR_SIZES:
        target = OUT / "hicolor" / f"{size}x{size}" / "apps" / "raccordo.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        big.resize((size, size), Image.Resampling.LANCZOS).save(target, optimize=True)
    print(f"icone scritte in {OUT}")


if __name__ == "__main__":
    main()
