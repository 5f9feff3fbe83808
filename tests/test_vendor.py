"""The vendored scripts must be the versions Altair and ipywidgets ask for, with licences.

If Altair is upgraded without re-running scripts/vendor_js.sh, its HTML output would no
longer recognise the bundles and would reach for a CDN: these tests catch that first.
"""

import hashlib
import re

import altair as alt
import ipywidgets.embed
import yaml

from conftest import REPO

VENDOR = REPO / "book" / "_assets" / "vendored"


def vendored_versions() -> dict[str, str]:
    lines = (VENDOR / "VERSIONS.txt").read_text().split("\n")
    return dict(line.split() for line in lines if line)


def test_bundles_match_altairs_constants():
    # VERSIONS.txt comes from each package.json; the browser tests read the loaded
    # libraries' own version properties and compare them with this file.
    versions = vendored_versions()
    assert versions["vega"].split(".")[0] == alt.VEGA_VERSION.lstrip("v")
    assert versions["vega-lite"] == alt.VEGALITE_VERSION.lstrip("v")
    assert versions["vega-embed"].split(".")[0] == alt.VEGAEMBED_VERSION.lstrip("v")


def test_globals_shim_announces_exactly_altairs_versions():
    shim = (VENDOR / "vega-globals-shim.js").read_text()
    announced = dict(re.findall(r'(\w+_version): "([^"]+)"', shim))
    assert announced == {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


def test_html_manager_satisfies_ipywidgets_range():
    wanted = ipywidgets.embed.__html_manager_version__  # a caret range such as ^1.0.1
    major, minor, patch = (int(part) for part in wanted.lstrip("^").split("."))
    have = tuple(int(part) for part in vendored_versions()["html-manager"].split("."))
    assert have[0] == major and have >= (major, minor, patch)


def test_every_vendored_package_has_its_licence():
    for package in vendored_versions():
        licence = VENDOR / "licenses" / f"{package}.txt"
        text = licence.read_text().lower() if licence.is_file() else ""
        assert "licen" in text or "copyright" in text, package


def test_config_serves_only_vendored_files():
    config = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    paths = [entry[0] for entry in config["html_js_files"]]
    assert paths
    for path in paths:
        assert not path.startswith(("http:", "https:", "//")), path
        assert (REPO / "book" / "_assets" / path).is_file(), path
    # No page loads the widget manager: no widget snapshot is shown on a published page.
    assert config["nb_ipywidgets_js"] == {}


def test_every_vendored_script_matches_its_recorded_hash():
    # SHA256SUMS is written by scripts/vendor_js.sh from the npm tarballs whose registry
    # integrity is in INTEGRITY.txt; an edited or swapped script fails here. Browsers' own
    # integrity attribute is not used: Chromium refuses such scripts on file:// pages, and the
    # offline bundle (make bundle) is opened from disk.
    recorded = {}
    for line in (VENDOR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name] = digest
    scripts = sorted(path.name for path in VENDOR.glob("*.js"))
    assert sorted(recorded) == scripts
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    packages = (VENDOR / "INTEGRITY.txt").read_text().splitlines()
    assert len(packages) == len(vendored_versions())
    assert all(re.fullmatch(r"\S+@[\d.]+ sha512-[A-Za-z0-9+/=]{88}", line) for line in packages)
