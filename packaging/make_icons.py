"""Draws FieldKit's icon (a card with a fingerprint-like arc) as SVG, PNG and ICO.

Run once after changing the design; the outputs are committed so a build needs
no drawing step: ``python packaging/make_icons.py``.
"""

# ruff: noqa: INP001  (a script, not a package)

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
BLUE = "#1f5fa8"
RED = "#c8102e"
WHITE = "#ffffff"
SIZE = 256

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}"
     viewBox="0 0 256 256">
  <rect x="16" y="48" width="224" height="160" rx="20" fill="{BLUE}"/>
  <rect x="36" y="76" width="72" height="96" rx="8" fill="{RED}"/>
  <circle cx="72" cy="112" r="20" fill="{WHITE}"/>
  <path d="M44 168 a28 24 0 0 1 56 0 z" fill="{WHITE}"/>
  <rect x="124" y="84" width="96" height="12" rx="6" fill="{WHITE}"/>
  <rect x="124" y="112" width="72" height="12" rx="6" fill="{WHITE}"/>
  <rect x="124" y="140" width="84" height="12" rx="6" fill="{WHITE}"/>
</svg>
"""


def draw(size: int = SIZE) -> Image.Image:
    """The same shapes as the SVG, scaled, so every format looks alike."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((16, 48, 240, 208), radius=20, fill=BLUE)
    pen.rounded_rectangle((36, 76, 108, 172), radius=8, fill=RED)
    pen.ellipse((52, 92, 92, 132), fill=WHITE)
    pen.pieslice((44, 144, 100, 192), start=180, end=360, fill=WHITE)
    for top, width in ((84, 96), (112, 72), (140, 84)):
        pen.rounded_rectangle((124, top, 124 + width, top + 12), radius=6, fill=WHITE)
    return image if size == SIZE else image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    (HERE / "linux" / "fieldkit.svg").write_text(SVG, encoding="utf-8")
    draw().save(HERE / "linux" / "fieldkit.png")
    draw().save(
        HERE / "windows" / "fieldkit.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )


if __name__ == "__main__":
    main()
