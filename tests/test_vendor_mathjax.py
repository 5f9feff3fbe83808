"""Formulas render from the book's own MathJax, never a CDN."""

import yaml

from conftest import REPO


def test_mathjax_is_served_from_the_book():
    config = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    path = config["mathjax_path"]
    assert not path.startswith(("http:", "https:", "//"))
    assert (REPO / "book" / "_assets" / path).is_file()
    assert (REPO / "book" / "_assets" / "vendored" / "licenses" / "mathjax.txt").is_file()
