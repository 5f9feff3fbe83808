"""The book draws Font Awesome icons from web fonts cut down to the icons it uses
(scripts/subset_icons.py), without the theme's 1.5 MB icon script: every icon a built page
names, and every icon the theme's stylesheet uses itself, must be in those fonts."""

import re

import pytest

from conftest import REPO, book_pages

pytestmark = pytest.mark.slow
FONTS = REPO / "book/_assets/vendored/fontawesome"
MODIFIERS = {"solid", "regular", "brands", "lg", "xs", "sm", "xl", "2x", "fw", "spin", "pulse"}


def subset_codepoints() -> set[int]:
    from fontTools.ttLib import TTFont

    points = set()
    for font in FONTS.glob("*.woff2"):
        points.update(TTFont(font).getBestCmap())
    return points


def test_every_icon_the_pages_show_is_in_the_subset_fonts(built_book):
    theme_css = (built_book / "_static/styles/pydata-sphinx-theme.css").read_text("utf-8")
    glyph_of = {}
    for names, codepoint in re.findall(
        r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]{4})"\}', theme_css
    ):
        for name in re.findall(r"\.fa-([a-z0-9-]+):before", names):
            glyph_of.setdefault(name, int(codepoint, 16))
    used = set()
    for path in book_pages():
        html = (built_book / path).read_text("utf-8")
        assert "scripts/fontawesome.js" not in html, f"{path} still loads the icon script"
        used.update(re.findall(r"\bfa-([a-z0-9-]+)", html))
    used -= MODIFIERS
    assert used, "no icon found: the header has several"
    available = subset_codepoints()
    missing = sorted(name for name in used if glyph_of.get(name) not in available)
    theme_own = {ord(ch) for ch in theme_css if 0xE000 <= ord(ch) <= 0xF8FF}
    assert missing == [], (
        f"icons with no glyph in the subset fonts: {missing} (run scripts/subset_icons.py)"
    )
    assert theme_own - available == set(), (
        "the theme's own icons (admonitions, navigation) are missing"
    )


def test_the_icon_stylesheet_points_at_the_subset_fonts():
    css = (FONTS / "icons.css").read_text("utf-8")
    for font in ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2"):
        assert f"url({font})" in css and (FONTS / font).stat().st_size < 20_000
