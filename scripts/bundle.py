"""Zip the built book into one file that works opened from disk (file://), for classrooms
with poor connectivity: `make bundle`. Usage: bundle.py HTML_DIR OUT_ZIP."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = "mmed-pathways"  # the folder the zip unpacks to; open ROOT/index.html
SKIPPED = {".buildinfo", ".doctrees"}


def bundle(html_dir: Path, out: Path) -> int:
    if not (html_dir / "index.html").is_file():
        print(f"bundle: {html_dir} has no index.html; run 'make book' first", file=sys.stderr)
        return 1
    files = sorted(p for p in html_dir.rglob("*") if p.is_file() and not SKIPPED & set(p.parts))
    partial = out.with_suffix(".zip.partial")  # never leave a half-written zip under the real name
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, f"{ROOT}/{path.relative_to(html_dir).as_posix()}")
    partial.replace(out)
    print(
        f"{out}: {len(files)} files, {out.stat().st_size / 1e6:.1f} MB; unzip it and open {ROOT}/index.html"
    )
    return 0


if __name__ == "__main__":
    sys.exit(bundle(Path(sys.argv[1]), Path(sys.argv[2])))
