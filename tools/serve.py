"""`make serve`: the live preview, with each rebuild forked from a warm process.

sphinx-autobuild watches the sources, serves the site with its reload script, and
rebuilds on every save. It starts each rebuild as a new `python -m sphinx` process,
which spends about 0.4 s of a 1.4 s rebuild importing Sphinx, sphinx-needs, MyST, the
theme and the exporters before it reads a page.

Here the same rebuild is forked from the preview's own process, which has already
imported those libraries. The first build reports what it imported; the preview
imports the same modules, except the project's own (anything under the source
folder: extensions/, conf.py), which every build imports afresh, so an edit to them
shows on the next save. The preview itself never builds: each build runs
`sphinx.cmd.build.main` in a child that exits after it, so no build sees what an
earlier one left in memory, exactly as with a new process.

Usage (the Makefile's `serve` target): python tools/serve.py <sphinx-autobuild arguments>

`previewing` runs `make serve` itself on a copy of the project and times a save until
the preview tells the browser to reload: `make bench` reports that time, and
tests/test_reproducible_builds.py compares the preview's site with a clean build.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sphinx_autobuild.__main__ as autobuild
from sphinx_autobuild.build import Builder

#: The sphinx-autobuild release whose Builder this replaces (tests/test_reproducible_builds.py pins it).
AUTOBUILD_VERSION = "2025.08.25"


def forked_build(arguments: Sequence[str], project: Path | None) -> tuple[int, list[str]]:
    """Run `sphinx-build <arguments>` in a forked child; return its exit status and,
    given the ``project`` folder, the modules it imported from outside it."""
    import sphinx.cmd.build

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the build, in a process of its own
        os.close(read_end)
        status = 1
        try:
            status = sphinx.cmd.build.main(list(arguments))
            with os.fdopen(write_end, "w", encoding="utf-8") as report:
                json.dump(outside(project) if project else [], report)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as report:
        text = report.read()
    _, wait_status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(wait_status), json.loads(text) if text else []


def outside(project: Path) -> list[str]:
    """The loaded modules, in the order they were imported, that are not the project's:
    those of the standard library and the virtual environment (which may sit inside
    the project's folder, as .venv does)."""
    environment = Path(sys.prefix).resolve()

    def the_project_s(place: str) -> bool:
        where = Path(place).resolve()
        return where.is_relative_to(project) and not where.is_relative_to(environment)

    names = []
    for name, module in list(sys.modules.items()):
        places = [getattr(module, "__file__", None) or ""]
        try:
            places += [str(p) for p in getattr(module, "__path__", None) or []]
        except TypeError:  # a module whose __path__ is not a list of folders
            pass
        if name not in ("__main__", "__mp_main__") and not any(p and the_project_s(p) for p in places):
            names.append(name)
    return names


def preload(names: Sequence[str]) -> None:
    """Import each module a build imported (one that fails to import here is left to
    the builds, which import it themselves)."""
    for name in names:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the build imports it itself, as before
                pass


class ForkedBuilder(Builder):
    """sphinx-autobuild's Builder, building in a forked child instead of a new process.

    sphinx-autobuild calls it once in the preview's own process (the first build,
    whose imports the preview then makes its own), then after each save in a worker
    it forks from the preview for that rebuild, where what the build imported would
    be lost with the worker: only the first build reports its modules."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.preview = os.getpid()

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            shown = ", ".join(str(p) for p in changed_paths[:5])
            print(f"[make serve] Detected changes ({shown})", flush=True)
        print("[make serve] Rebuilding...", flush=True)
        in_preview = os.getpid() == self.preview
        status, imported = forked_build(self.sphinx_args, Path.cwd().resolve() if in_preview else None)
        preload(imported)
        if status != 0:
            print(f"[make serve] Sphinx exited with exit code {status}. The preview still shows the "
                  "last good build: fix the error above and save again, or press Ctrl+C to stop.",
                  flush=True)
        print(f"[make serve] Serving on {self.uri}", flush=True)


@contextmanager
def previewing(project: Path, log: Path, venv: Path = Path(sys.prefix)) -> Iterator[Callable[[Callable[[], object]], float]]:
    """`make serve` running in ``project`` (a copy of the project, with its Makefile),
    its output in ``log`` (outside ``project``: the preview watches every file there).
    Yields ``save``: ``save(edit)`` makes the edit and returns the seconds from then to
    the preview's reload signal, the moment a reader's browser reloads the page."""
    from websockets.sync.client import connect

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"VENV={venv}", f"PORT={port}"],
                                  cwd=project, env=environment, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:  # the first build, then the server
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not start:\n{log.read_text(encoding='utf-8')[-3000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        with connect(f"ws://127.0.0.1:{port}/websocket-reload") as reloads:
            def reloaded(within: float) -> bool:
                try:
                    reloads.recv(timeout=within)
                    return True
                except TimeoutError:
                    return False

            # the watcher starts beside the server: save a file that is not a source
            # until a rebuild answers, then let any rebuild still under way finish
            for attempt in range(20):
                (project / "preview-started.txt").write_text(str(attempt), encoding="utf-8")
                if reloaded(5):
                    break
            else:
                raise RuntimeError(f"make serve never rebuilt:\n{log.read_text(encoding='utf-8')[-3000:]}")
            while reloaded(2):
                pass

            def save(edit: Callable[[], object]) -> float:
                start = time.perf_counter()
                edit()
                if not reloaded(120):
                    raise RuntimeError(f"make serve did not rebuild:\n{log.read_text(encoding='utf-8')[-3000:]}")
                seconds = time.perf_counter() - start
                while reloaded(2):  # a save the watcher saw as two changes
                    pass
                return seconds

            yield save
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop ``server`` and every process it started (its session), and wait until they
    are gone: the preview finishes a rebuild under way before it exits."""
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            os.killpg(server.pid, 0)  # raises once no process of the session is left
            time.sleep(0.1)
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main(argv: Sequence[str]) -> None:
    autobuild.Builder = ForkedBuilder  # the one name sphinx-autobuild's main builds with
    autobuild.main(list(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
