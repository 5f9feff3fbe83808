"""Serve a built book on 127.0.0.1 the way a static host does: text files gzip-compressed when
the browser accepts it (GitHub Pages, Netlify and Read the Docs all do), so that page weights
and load times are those a reader gets. Python's own http.server sends everything raw, which
makes a 390 KB theme stylesheet cost 390 KB instead of its 50 KB."""

from __future__ import annotations

import gzip
import http.server
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
# The tests' loopback server, run with the compressing handler below.
from browser import serve

COMPRESSED_TYPES = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".inv")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    _cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, *args):  # a benchmark's output is its table
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED_TYPES and path.is_file()):
            return super().send_head()
        key = str(path)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser stopped reading (a page left early): not the benchmark's concern


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a connection the browser closed early; the browser reports real failures


@contextmanager
def serve_compressed(directory: Path):
    """Serve a folder on 127.0.0.1 at a free port, gzip where accepted; yield the base URL."""
    CompressingHandler._cache = {}
    with serve(directory, CompressingHandler, _QuietServer) as base_url:
        yield base_url
