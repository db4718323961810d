"""PDF text extraction in a child process, bounded in time, memory and recursion.

pypdf is pure Python and reads hostile input: an 819-byte file of nested arrays makes it recurse
until ``RecursionError``, a small one can keep it busy for minutes, and deep enough recursion in
C-backed code can overflow the C stack and kill the process outright. A guarded call inside the
task process can catch the first but not bound the second or survive the third, so pages are read
by one long-lived child process per parent (started on first use, ~0.3 s): the parent waits at
most ``timeout_s`` per PDF, then kills the child, which is restarted for the next PDF. Bodies and
results cross a pipe as length-prefixed frames.
"""

from __future__ import annotations

import atexit
import io
import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
from typing import IO, Any

log = logging.getLogger(__name__)

#: Longest time one PDF may take to read; beyond it the document is quarantined.
PDF_TIMEOUT_S = 60.0
#: Address-space cap of the child, so a decompression bomb inside a PDF fails there, not here.
CHILD_MEMORY_BYTES = 2 * 1024**3
_FRAME = struct.Struct(">Q")


class PdfWorkerError(Exception):
    """The child could not read the PDF: it raised, ran out of time or died. The message says which."""


def _read_frame(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_FRAME.size)
    if len(header) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack(header)
    return stream.read(size)


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_FRAME.pack(len(payload)) + payload)
    stream.flush()


def _pages_of(body: bytes) -> dict[str, Any]:
    """Child side: the text of every page, or why it could not be read."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"encrypted": True}
        return {"pages": [page.extract_text() or "" for page in reader.pages]}
    # The child exists to contain whatever hostile bytes make pypdf raise (RecursionError,
    # MemoryError and parser errors alike); each is reported to the parent, never swallowed.
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}


def _serve() -> None:
    """Child main loop: one frame in (a PDF body), one JSON frame out, until stdin closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (body := _read_frame(stdin)) is not None:
        _write_frame(stdout, json.dumps(_pages_of(body), ensure_ascii=False).encode("utf-8"))


class PdfWorker:
    """The parent's handle on one child; restarts it after a timeout or a crash. Thread-safe."""

    def __init__(self, timeout_s: float = PDF_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            # Our own interpreter and module, no shell.
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "extractors.pdf_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
        return self._proc

    def close(self) -> None:
        """Stop the child (it is started again on the next call)."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def read(self, body: bytes) -> dict[str, Any]:
        """Send one PDF to the child and wait at most ``timeout_s`` for its pages.

        Returns:
            ``{"pages": [...]}`` or ``{"encrypted": True}``.

        Raises:
            PdfWorkerError: pypdf raised in the child, the child took too long or died.
        """
        with self._lock:
            proc = self._start()
            if proc.stdin is None or proc.stdout is None:  # never: both are pipes
                raise PdfWorkerError("the PDF reader process has no pipes")
            try:
                _write_frame(proc.stdin, body)
            except BrokenPipeError:
                self.close()
                raise PdfWorkerError("the PDF reader process died before reading the file") from None
            ready, _, _ = select.select([proc.stdout], [], [], self.timeout_s)
            if not ready:
                self.close()
                raise PdfWorkerError(f"reading the PDF took longer than {self.timeout_s:.0f}s; stopped")
            payload = _read_frame(proc.stdout)
            if payload is None:
                code = proc.wait()
                self.close()
                raise PdfWorkerError(f"the PDF reader process died (exit {code}) on this file")
        result: dict[str, Any] = json.loads(payload)
        if "error" in result:
            raise PdfWorkerError(result["error"])
        return result


_shared = PdfWorker()
atexit.register(_shared.close)


def read_pdf_pages(body: bytes) -> dict[str, Any]:
    """Read a PDF's pages in the shared child process (see :meth:`PdfWorker.read`)."""
    return _shared.read(body)


if __name__ == "__main__":
    _serve()
