"""Formulas are drawn by the browser from MathML written at build time: no MathJax, no CDN."""

import re

import pytest

pytestmark = pytest.mark.slow


def test_formulas_are_mathml_and_no_math_script_loads(built_book):
    pages = {path: path.read_text("utf-8") for path in built_book.rglob("*.html")}
    with_formulas = [path for path, html in pages.items() if "<math" in html]
    assert with_formulas, "no page has a formula: the investment chapter has several"
    for path, html in pages.items():
        assert not re.search(r"<script[^>]+mathjax", html, re.I), f"{path.name} loads MathJax"
        assert "\\(" not in re.sub(r"<(script|pre)\b.*?</\1>", "", html, flags=re.S), (
            f"{path.name} shows raw LaTeX"
        )
