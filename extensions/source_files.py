"""The site is built from the repository's own files, and from nothing else.

A pull request can hold a symbolic link as well as a file, and a page can name a
file by a path that climbs out of the repository. Sphinx follows both, and would
put the other file's content on the site: a section page that is a link to a file
elsewhere on the build machine, a folder under sections/ linked to another place,
a needs/model.toml linked elsewhere, an image ``![](../../../home/me/id.png)``,
a ``{literalinclude}`` of ``../.git/config``. So the build fails, naming the file
(and the line that names it), and keeps the content out of the site:

* Pages. Before Sphinx looks for pages, every folder it would look in is walked
  (never through a link): a page or folder that is a symbolic link is reported and
  left out, never opened. The home page cannot be left out, so a linked home page
  stops the build.
* Files a page pulls in: images and figures (also MyST's ``![](...)``), downloads
  (``{download}`` and MyST links to a file), ``{literalinclude}`` (and its
  ``:diff:``), ``{csv-table}`` ``:file:``, a ``{mermaid}`` or ``{graphviz}`` file,
  ``{needimport}``, ``{needreport}`` ``:template:`` and ``{data-viewer}``
  ``:file:``. Each must name a file inside the repository, reached without a
  symbolic link, in no hidden folder (``.git``, ``.venv``) and not in the build
  output; otherwise it is reported at its line and left out of the page. What
  would be fetched from elsewhere is refused the same way: ``{csv-table}``
  ``:url:``, ``{needimport}`` of a URL, ``{needservice}`` (a web service) and
  ``{autoclasstree}`` (Python modules installed on the machine). As a last net,
  a page that still read a file from outside the repository (through a door not
  listed here) is reported and its content left out.
* The files the build reads besides the pages: conf.py, docutils.conf, the file
  ``needs_from_toml`` names (needs/model.toml), the Python modules of the build in
  the repository (extensions/), the theme templates (``templates_path``), the
  static files copied to the site (``html_static_path``, ``html_extra_path``,
  favicon, logo), ``locale_dirs`` and the recorded releases (releases/). They are
  read before any page, and some already were when this module runs, so a
  symbolic link among them (the file, or a folder it is in) stops the build at
  once, after every one is named.

The one exception is the folder of fetched browser assets, ``_vendor/``: `make
setup` writes it from tools/vendor.json (hashes checked), git ignores it, and the
test copies and benchmark plans lend the real one by a link. It may be a link, but
only to a folder named ``_vendor`` that holds make setup's ``.fetched`` stamp,
and nothing inside it may be a link. A ``_vendor`` linked anywhere else stops the
build like any other static folder.

The rule is declared in the rulebook (extensions/rulebook.py, the site's Rules page),
and every message reads "<file>[:<line>]: WARNING: <what>: <detail> How to fix:
<fix> [plan.source_files]".
"""

from __future__ import annotations

import glob
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import compile_matchers

from .rulebook import declare, report

#: The folder of browser assets `make setup` fetches (Makefile, tools/vendor.json), and its stamp.
FETCHED, FETCHED_STAMP = "_vendor", ".fetched"
#: Folders of data the project's extensions read (releases/: extensions/releases.py).
DATA_FOLDERS = ["releases"]

SOURCE_FILES = declare(
    "plan.source_files",
    "The site is built from the repository's own files only: no page, folder or other file the build reads is a "
    "symbolic link, and no page names a file outside the repository, in a hidden folder (.git) or in the build "
    "output, nor anything the build would fetch from elsewhere.",
    "replace a symbolic link by the file itself (delete the link, copy the file to its path and commit it); put a "
    "file a page shows or includes in the repository, next to the page, and name it by its path from the page "
    "(![Map](map.png) for sections/map.png); write in the page what a directive would fetch from elsewhere.",
    "extensions/source_files.py")


class File(str):
    """A file as a warning's location, printed as it is ("<file>: WARNING: ..."):
    Sphinx takes a location string without a ':' for the name of a page, and looks
    it up in the build environment, which does not exist yet when the build starts."""

    def __contains__(self, text: object) -> bool:
        return text == ":" or super().__contains__(text)


# -- paths ------------------------------------------------------------------------


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _link(path: Path, root: Path) -> str:
    """``path``, a symbolic link, and where it points."""
    return f"{_rel(path, root)} -> {os.readlink(path)}"


def path_problem(root: Path, start: Path, name: str, *, barred: Iterable[Path] = (),
                 hidden: bool = False) -> str | None:
    """Why the file ``name`` (relative to the folder ``start``, inside ``root``)
    must not be read: None if it is a file of the repository, reached without a
    symbolic link, in none of the ``barred`` folders and, unless ``hidden``, in no
    hidden folder.

    Walks the path one part at a time, as the system does: a link is refused as
    soon as it is met, so a ``..`` after it can never climb out of where it points."""
    current = start
    for part in Path(name).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if current == root:
                return "it is outside the repository"
            current = current.parent
            continue
        current = current / part
        if current.is_symlink():
            return f"it goes through a symbolic link ({_link(current, root)})"
    dotted = [part for part in current.relative_to(root).parts if part.startswith(".")]
    if dotted and not hidden:
        return f"it is in a hidden file or folder ({dotted[0]}), which is not part of the site"
    for folder in barred:
        if current == folder or folder in current.parents:
            return "it is in the build output"
    return None


def sphinx_path(env: BuildEnvironment, name: str) -> tuple[Path, str]:
    """The folder a Sphinx directive's path is relative to, and the path from it:
    the page's folder, or the repository for a path that starts with ``/``."""
    root = Path(env.srcdir)
    if name.startswith(("/", "\\")):
        return root, name.lstrip("/\\")
    return root / Path(env.doc2path(env.docname, base=False)).parent, name


def docutils_path(env: BuildEnvironment, name: str) -> tuple[Path, str]:
    """The same for a docutils option such as ``:file:``, where a path that starts
    with ``/`` is a path on the machine (Sphinx reads a missing one from the repository)."""
    root = Path(env.srcdir)
    if os.path.isabs(name):
        absolute = Path(os.path.normpath(name))
        if absolute == root or root in absolute.parents:
            return root, absolute.relative_to(root).as_posix()
        if absolute.exists():
            return root, os.path.relpath(absolute, root)  # climbs out: refused as outside
        return sphinx_path(env, name)
    return sphinx_path(env, name)


def is_url(value: str) -> bool:
    return "://" in value or value.lower().startswith(("file:", "data:"))


# -- directives that read a file -----------------------------------------------------

#: directive: (option, or None for its argument; how its path is read) for each path it reads
PATH_OPTIONS: dict[str, list[tuple[str | None, Callable[[BuildEnvironment, str], tuple[Path, str]]]]] = {
    "literalinclude": [(None, sphinx_path), ("diff", sphinx_path)],
    "csv-table": [("file", docutils_path)],
    "mermaid": [(None, sphinx_path)],
    "graphviz": [(None, sphinx_path)],
    "needimport": [(None, sphinx_path)],
    "needreport": [("template", sphinx_path)],
    "data-viewer": [("file", docutils_path)],
}
#: directive: options (or None for its argument) that fetch from a URL
URL_OPTIONS: dict[str, list[str | None]] = {"csv-table": ["url"], "needimport": [None]}
#: directives refused whatever they say: what they bring in from outside
REFUSED = {
    "needservice": "it brings in content from a web service, outside the repository",
    "autoclasstree": "it draws classes from Python modules installed on the build machine, outside the repository",
}


def _values(directive: Directive, option: str | None) -> list[str]:
    if option is None:
        return [directive.arguments[0]] if directive.arguments else []
    value = directive.options.get(option)
    return [value] if isinstance(value, str) and value else []


def guarded(name: str, base: type[Directive]) -> type[Directive]:
    """``base``, checking first each path it will read; refused, it says why and gives nothing."""

    def run(self: Directive) -> list[nodes.Node]:
        env = self.state.document.settings.env
        location = (env.docname, self.lineno)
        if name in REFUSED:
            report(SOURCE_FILES, location, f"{{{name}}}", f"the {{{name}}} directive is not allowed in the "
                   f"plan's pages: {REFUSED[name]}, so it is left out of the site.")
            return []
        refused = False
        for option in URL_OPTIONS.get(name, []):
            for value in _values(self, option):
                if option is None and value in getattr(env.config, "needs_import_keys", {}):
                    continue  # a key conf.py maps to a file: checked below, as that file
                if is_url(value):
                    report(SOURCE_FILES, location, f"{{{name}}} {_label(option)}{value}",
                           "the build would fetch it from outside the repository, so it is left out of the site.")
                    refused = True
        if not refused:
            for option, where in PATH_OPTIONS.get(name, []):
                for value in _values(self, option):
                    if option is None and name == "needimport":
                        value = getattr(env.config, "needs_import_keys", {}).get(value, value)
                    start, path = where(env, value)
                    problem = path_problem(Path(env.srcdir), start, path, barred=_barred(env.app))
                    if problem:
                        report(SOURCE_FILES, location, f"{{{name}}} {_label(option)}{value}",
                               f"{problem}, so it is left out of the site.")
                        refused = True
        return [] if refused else base.run(self)

    return type(f"Guarded{base.__name__}", (base,), {"run": run, "__doc__": base.__doc__})


def _label(option: str | None) -> str:
    return "" if option is None else f":{option}: "


def _barred(app: Sphinx) -> list[Path]:
    """The build's output folders: what a page names there was written by a build, not committed."""
    return [Path(app.outdir), Path(app.doctreedir)]


# -- files a page's nodes copy to the site -------------------------------------------


def refuse_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """Images and downloads, before Sphinx notes them for copying to the site."""
    env = app.env
    root = Path(env.srcdir)
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))):
        if isinstance(node, nodes.image):
            what, target = "image", node.get("uri", "")
        else:
            what, target = "download", node.get("reftarget", "")
        if not target or is_url(target):
            continue  # a web address: a link in the page, never read by the build
        start, path = sphinx_path(env, target)
        problem = path_problem(root, start, path, barred=_barred(app))
        if problem is None and "*" in Path(path).name:  # image.*: each file it may pick
            folder, _, _ = (start / path).as_posix().rpartition("/")
            for candidate in sorted(Path(folder).glob(Path(path).name)):
                if candidate.is_symlink():
                    problem = f"it goes through a symbolic link ({_link(candidate, root)})"
                    break
        if problem:
            report(SOURCE_FILES, node, f"{what} {target}", f"{problem}, so it is left out of the site.")
            if isinstance(node, nodes.image):
                node.parent.remove(node)
            else:
                node.replace_self(nodes.inline("", "", *node.children))


def refuse_outside_dependencies(app: Sphinx, doctree: nodes.document) -> None:
    """The last net: a file outside the repository that the page read all the same."""
    env = app.env
    root = Path(env.srcdir)
    outside = []
    for dependency in sorted(map(str, env.dependencies.get(env.docname, ()))):
        path = Path(os.path.normpath(root / dependency))
        if path != root and root not in path.parents:
            outside.append(str(path))
    if outside:
        report(SOURCE_FILES, (env.docname, None), env.doc2path(env.docname, base=False).as_posix(),
               f"the page read {', '.join(outside)}, outside the repository, so its content is left out of the "
               f"site.")
        for node in list(doctree.findall()):  # also where the document's indexes keep a node
            if isinstance(node, nodes.Text):
                node.parent.replace(node, nodes.Text(""))
            else:
                node.rawsource = ""
        del doctree[:]


# -- pages ---------------------------------------------------------------------------


def _walk(root: Path, exclude: Callable[[str], bool]) -> Iterator[tuple[Path, list[str], list[str]]]:
    """Every folder Sphinx looks for pages in, as Sphinx walks it, but never
    through a symbolic link: (folder, its sub-folders, its files), paths from ``root``."""
    for folder, subfolders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        kept = []
        for name in sorted(subfolders):
            if not exclude(unicodedata.normalize("NFC", (here / name).relative_to(root).as_posix())):
                kept.append(name)
        subfolders[:] = kept
        yield here, kept, sorted(files)


def leave_out_linked_pages(app: Sphinx, config: Config) -> list[str]:
    """Report each page and folder Sphinx would read through a symbolic link, and
    exclude it, so that Sphinx never opens it. Returns what must stop the build."""
    root = Path(app.srcdir)
    skipped = compile_matchers([*config.exclude_patterns, *config.templates_path,
                                *getattr(config, "html_static_path", []), *getattr(config, "html_extra_path", []),
                                *EXCLUDE_PATHS])
    included = compile_matchers(config.include_patterns)
    suffixes = tuple(config.source_suffix)
    root_page = [f"{config.root_doc}{suffix}" for suffix in suffixes]
    stop = []

    def exclude(rel: str) -> bool:
        return any(m(rel) for m in skipped)

    for folder, subfolders, files in _walk(root, exclude):
        for name in list(subfolders):
            if (folder / name).is_symlink():
                rel = (folder / name).relative_to(root).as_posix()
                report(SOURCE_FILES, File(folder / name), f"{rel}/", f"this folder is a symbolic link (to "
                       f"{os.readlink(folder / name)}); the site is built from the repository's own files only, "
                       "so the pages in it are left out.")
                config.exclude_patterns.append(glob.escape(rel))
                subfolders.remove(name)
        for name in files:
            path = folder / name
            rel = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
            if not name.endswith(suffixes) or exclude(rel) or not any(m(rel) for m in included):
                continue
            if path.is_symlink():
                if rel in root_page:
                    report(SOURCE_FILES, File(path), rel, f"the home page is a symbolic link (to "
                           f"{os.readlink(path)}); the site is built from the repository's own files only.")
                    stop.append(rel)
                else:
                    report(SOURCE_FILES, File(path), rel, f"this page is a symbolic link (to {os.readlink(path)}); "
                           "the site is built from the repository's own files only, so the page is left out.")
                config.exclude_patterns.append(glob.escape(rel))
    return stop


def drop_linked_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """The second net: a page found all the same is never read."""
    root = Path(env.srcdir)
    for docname in sorted(env.found_docs):
        rel = env.doc2path(docname, base=False).as_posix()
        problem = path_problem(root, root, rel)
        if problem:
            report(SOURCE_FILES, File(root / rel), rel, f"this page cannot be read: {problem}; so it is left out.")
            env.found_docs.discard(docname)
            if docname in docnames:
                docnames.remove(docname)


# -- the files the build reads besides the pages ------------------------------------------


def _build_files(app: Sphinx, config: Config) -> Iterator[tuple[str, Path, bool]]:
    """(what the build reads it as, path, whether a folder) for each file or folder
    of the repository the build reads besides the pages."""
    confdir = Path(app.confdir)
    yield "the configuration", confdir / "conf.py", False
    yield "the docutils settings", confdir / "docutils.conf", False
    if getattr(config, "needs_from_toml", None):
        yield "the data model", confdir / config.needs_from_toml, False
    root = Path(app.srcdir)
    prefixes = {Path(os.path.normpath(p)) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix)}
    for module in sorted(filter(None, (getattr(m, "__file__", None) for m in list(sys.modules.values())))):
        path = Path(os.path.normpath(module))
        if root not in path.parents or {"site-packages", "dist-packages"} & set(path.parts):
            continue
        if any(prefix == path or prefix in path.parents for prefix in prefixes):
            continue
        if path.relative_to(root).parts[0].startswith("."):
            continue  # a hidden folder is the machine's set-up (.venv, possibly a link to a shared one), not the repository's code
        yield "Python code of the build", path, False
    for entry in config.templates_path:
        yield "theme templates", confdir / entry, True
    for option in ("html_static_path", "html_extra_path"):
        for entry in getattr(config, option, []):
            yield "static files copied to the site", confdir / entry, True
    for option in ("html_favicon", "html_logo"):
        value = getattr(config, option, None)
        if value and not is_url(value):
            yield "a static file copied to the site", confdir / value, False
    for entry in config.locale_dirs:
        yield "translations", confdir / entry, True
    for entry in DATA_FOLDERS:
        yield "recorded releases", root / entry, True


def _fetched_folder(path: Path) -> bool:
    """A link to make setup's folder of fetched assets: the one link allowed."""
    target = path.resolve()
    return path.name == FETCHED and target.name == FETCHED and (target / FETCHED_STAMP).is_file()


def check_build_files(app: Sphinx, config: Config) -> list[str]:
    """Report each file the build reads besides the pages that is a symbolic link,
    lies in a linked folder or outside the repository. Returns what must stop the build."""
    root = Path(app.srcdir)
    stop = []
    seen: set[Path] = set()
    for role, path, folder in _build_files(app, config):
        if path in seen or not (path.exists() or path.is_symlink()):
            continue
        seen.add(path)
        rel = _rel(path, root)
        if folder and path.is_symlink() and _fetched_folder(path):
            inside = path.resolve()  # lent by make setup, test copies or the benchmark: look inside it
        else:
            start, name = (root, rel) if root in path.parents else (root, os.path.relpath(path, root))
            problem = path_problem(root, start, name, hidden=True)
            if problem:
                report(SOURCE_FILES, File(path), rel, f"the build reads it ({role}), and {problem}.")
                stop.append(rel)
                continue
            inside = path
        if folder and inside.is_dir():
            for here, subfolders, files in os.walk(inside, followlinks=False):
                for name in sorted([*subfolders, *files]):
                    link = Path(here) / name
                    if link.is_symlink():
                        shown = path / link.relative_to(inside)
                        report(SOURCE_FILES, File(shown), _rel(shown, root), f"the build reads it ({role}), and it "
                               f"goes through a symbolic link ({_rel(shown, root)} -> {os.readlink(link)}).")
                        stop.append(_rel(shown, root))
    return stop


def check_before_reading(app: Sphinx, config: Config) -> None:
    """When the build starts: the files read before any page, then the pages."""
    stop = check_build_files(app, config)
    stop += leave_out_linked_pages(app, config)
    if stop:
        # no later step may run: these files are read before any page, or already were
        sys.exit(f"Build stopped: the build reads {', '.join(stop)} before any page, and the site is built "
                 "from the repository's own files only (see the warnings above; extensions/source_files.py).")


def setup(app: Sphinx) -> dict[str, object]:
    # before sphinx-needs reads needs_from_toml (priority 10) and Sphinx looks for pages
    app.connect("config-inited", check_before_reading, priority=1)
    app.connect("env-before-read-docs", drop_linked_pages)
    for name in sorted({*PATH_OPTIONS, *URL_OPTIONS, *REFUSED}):
        try:
            base, _ = directives.directive(name, None, None)
        except (AttributeError, ImportError):  # not registered: nothing to guard
            base = None
        if base is not None:
            app.add_directive(name, guarded(name, base), override=True)
    # images and downloads before Sphinx's collectors (500) note them for copying
    app.connect("doctree-read", refuse_outside_files, priority=100)
    # after the dependencies collector (500) has noted what each page read
    app.connect("doctree-read", refuse_outside_dependencies, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
