"""Incremental builds that equal clean ones: after an edit, every page whose output
changes is written again, and no other.

Sphinx reads again the pages whose source changed and writes those. But a page also
shows needs that live on other pages: a need box names each need it links to, and
lists the needs that link to it ("Followed by", "Measured by"); the traces under an
article, actor or meeting give each action's title, owners and horizon; a ``{need}``
reference gives the title of its need; and the views (matrix, dashboard, timeline,
monitoring ...) are computed from the whole plan. Left to itself, Sphinx would leave
those pages as they were.

So each build keeps a digest of every need (all its fields and links, translated
ones included). After the sources are read, the needs whose digest changed (or that
came or went) are compared with what each page shows (``shown``), and every page
that shows one of them is written again, through Sphinx's ``env-get-updated`` event.
A page with a view shows the whole plan, unless the view says otherwise
(``extensions/views``: a section's sequencing graph shows the needs around its section,
the Rules and Downloads lists show none, the translation status shows the catalogs of
every language and is written again when any of them changes), and so does a section's table of actions. A change to a catalog of the site's own
text (``interface.po``, ``sphinx.po``), of the needs' translations (``needs.po``) or
to ``languages.toml`` writes every page; so does a page added or removed, retitled or
given another table of contents, since every page's navigation shows them all.

What a page shows is worked out from the needs it holds and the references written
in it: the needs on the page, the needs they link to or are linked from, and the
needs those link to or are linked from (a trace row gives an action's owners). That
is more than a page strictly shows, never less: an edit may rewrite a page whose
output turns out the same, never leave one stale. ``tests/test_reproducible_builds.py``
proves it against clean builds, page by page, for each kind of edit."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .plan import section_of_page, sections_by_page
from .views import SHOWS, plan_view

#: What the environment keeps between builds (pickled with it).
REFERENCES, SCOPES, VIEW_PAGES, SNAPSHOT = "plan_references", "plan_view_scopes", "plan_view_pages", "plan_snapshot"
CATALOG_PAGES = "plan_catalog_pages"
#: The catalogs whose change changes every page: the site's own text, and the needs'
#: titles and fields (read into the needs after the sources, so not in their digests).
SITE_TEXT = ("interface.po", "sphinx.po", "needs.po")


def record_references(app: Sphinx, doctree: nodes.document) -> None:
    """The needs a page names in its text (``{need}`` references), the needs its views
    are about (``{plan-view} sequencing SEC_UNI``), and whether it shows anything
    computed from the whole plan."""
    env, docname = app.env, app.env.docname
    targets = {node["reftarget"] for node in doctree.findall(nodes.Element) if "reftarget" in node}
    _store(env, REFERENCES, {})[docname] = {t.split(".")[0] for t in targets}
    views = list(doctree.findall(plan_view))
    scopes = {v["argument"] for v in views if SHOWS[v["view"]] == "argument"}
    whole_plan = any(SHOWS[v["view"]] == "plan" for v in views)
    for node in doctree.findall(computed_by_sphinx_needs):
        section = SECTION_TABLE.fullmatch(node.get("filter") or "") if type(node).__name__ == "Needtable" else None
        if section:
            scopes.add(section["section"])
        else:
            whole_plan = True
    _store(env, SCOPES, {})[docname] = scopes
    for store, kept in ((VIEW_PAGES, whole_plan), (CATALOG_PAGES, any(SHOWS[v["view"]] == "catalogs" for v in views))):
        pages = _store(env, store, set())
        if kept:
            pages.add(docname)
        else:
            pages.discard(docname)


#: The filter of a section's table of actions (traceability/actions/): the needs around
#: that section, like a view about it; any other filter may show any need.
SECTION_TABLE = re.compile(r'type == "action" and "(?P<section>\w+)" in section')


def computed_by_sphinx_needs(node: nodes.Node) -> bool:
    """A list, table or chart sphinx-needs computes from the needs (``needtable`` ...)."""
    kind = type(node)
    return kind.__module__.startswith("sphinx_needs.") and kind.__name__ not in ("Need", "NeedRef")


def forget_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env, REFERENCES, {}).pop(docname, None)
    _store(env, SCOPES, {}).pop(docname, None)
    _store(env, VIEW_PAGES, set()).discard(docname)
    _store(env, CATALOG_PAGES, set()).discard(docname)


def merge_pages(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    """What a parallel reader recorded, into the main environment."""
    for docname in docnames:
        for name in (REFERENCES, SCOPES):
            if docname in _store(other, name, {}):
                _store(env, name, {})[docname] = getattr(other, name)[docname]
        for name in (VIEW_PAGES, CATALOG_PAGES):
            if docname in _store(other, name, set()):
                _store(env, name, set()).add(docname)


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again although their source did not change (see the module).

    The needs are read as sphinx-needs holds them while reading (``needs_as_read``):
    resolving them here (``get_needs_view``) would freeze them before the environment
    is saved, and the next build could not update them. Links are read from the needs
    as they are and as they were, so that a page showing a need that another need
    stopped linking to is written again too."""
    try:
        needs = needs_as_read(env)
    except RuntimeError:  # something resolved the needs while reading: no snapshot to trust
        setattr(env, SNAPSHOT, None)
        return sorted(env.all_docs)
    now = Snapshot({i: digest(n) for i, n in needs.items()}, {i: digest(title_of(n)) for i, n in needs.items()},
                   links_of(needs), catalog_digest(app), pages_digest(env), translations_digest(app))
    before: Snapshot | None = getattr(env, SNAPSHOT, None)
    setattr(env, SNAPSHOT, now)
    if before is None:  # a first build writes every page anyway
        return []
    if now.catalogs != before.catalogs or now.pages != before.pages:
        return sorted(env.all_docs)
    about_catalogs = set(_store(env, CATALOG_PAGES, set())) if now.translations != before.translations else set()
    changed = {i for i in now.full.keys() | before.full.keys() if now.full.get(i) != before.full.get(i)}
    if not changed:
        return sorted(about_catalogs & set(env.all_docs))
    retitled = {i for i in now.title.keys() | before.title.keys() if now.title.get(i) != before.title.get(i)}
    outgoing = {i: set(now.links.get(i, ())) | set(before.links.get(i, ())) for i in now.links.keys() | before.links.keys()}
    neighbours: dict[str, set[str]] = {i: set(targets) for i, targets in outgoing.items()}
    for source, targets in outgoing.items():
        for target in targets:
            neighbours.setdefault(target, set()).add(source)
    incoming_now, incoming_before = incoming(now.links), incoming(before.links)
    moved = {i for i in neighbours if (set(now.links.get(i, ())), incoming_now.get(i, set()))
             != (set(before.links.get(i, ())), incoming_before.get(i, set()))}
    views, references = _store(env, VIEW_PAGES, set()), _store(env, REFERENCES, {})
    on_page: dict[str, set[str]] = {}
    for need_id, need in needs.items():
        on_page.setdefault(need["docname"], set()).add(need_id)

    scopes = _store(env, SCOPES, {})

    def shows_a_change(docname: str) -> bool:
        if docname in views or references.get(docname, set()) & retitled:
            return True
        for scope in scopes.get(docname, ()):  # a view about one need: it and the needs two links away
            near = {scope} | neighbours.get(scope, set())
            if (near | {far for need_id in near for far in neighbours.get(need_id, ())}) & changed:
                return True
        for need_id in on_page.get(docname, ()):
            if need_id in changed or need_id in moved:  # its box, its back-links, its traces
                return True
            for other in neighbours.get(need_id, ()):
                # a linked need's title in the box, its fields in a trace row, and the
                # titles of what it links to (a row's owners and horizon)
                if other in changed or outgoing.get(other, set()) & retitled:
                    return True
        return False

    return sorted(docname for docname in env.all_docs if docname in about_catalogs or shows_a_change(docname))


@dataclass
class Snapshot:
    """What a build saw of the needs: each need's digest, its title's digest, its links."""

    full: dict[str, str]
    title: dict[str, str]
    links: dict[str, list[str]]
    catalogs: str
    pages: str
    translations: str


def title_of(need: Mapping[str, Any]) -> dict[str, Any]:
    """What a link to a need shows of it, and where it leads."""
    return {key: need.get(key) for key in ("title", "type", "docname", "status")}


def incoming(links: Mapping[str, list[str]]) -> dict[str, set[str]]:
    """The needs that link to each need (in one build)."""
    out: dict[str, set[str]] = {}
    for source, targets in links.items():
        for target in targets:
            out.setdefault(target, set()).add(source)
    return out


def needs_as_read(env: BuildEnvironment) -> Mapping[str, Any]:
    """Every need, unresolved (no back-links yet), by ID. sphinx-needs offers no public
    way to read them before they are resolved: this is its internal store, pinned by
    tests/test_reproducible_builds.py."""
    from sphinx_needs.data import SphinxNeedsData

    return SphinxNeedsData(env).get_needs_mutable()


def links_of(needs: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each need's links, and each action's link to its section, which is set from its
    page only when the needs are resolved (extensions/section_link.py)."""
    sections = sections_by_page(needs)
    links = {}
    for need_id, need in needs.items():
        targets = linked(needs, need)
        section = section_of_page(sections, need["docname"])
        if need["type"] == "action" and section is not None:
            targets.add(section["id"])
        links[need_id] = sorted(targets)
    return links


def linked(needs: Mapping[str, Any], need: Mapping[str, Any]) -> set[str]:
    """Every need a need links to, whatever the link type."""
    return {value for values in need.values() if isinstance(values, list)
            for value in values if isinstance(value, str) and value in needs}


def digest(need: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(dict(need), sort_keys=True, default=str).encode()).hexdigest()


def catalog_digest(app: Sphinx) -> str:
    """The site's own text in this build's language, and the languages' list."""
    srcdir, language = Path(app.srcdir), app.config.language or "en"
    files = [srcdir / "locales" / "languages.toml",
             *(srcdir / "locales" / language / "LC_MESSAGES" / name for name in SITE_TEXT)]
    content = hashlib.sha256()
    for path in files:
        content.update(path.read_bytes() if path.is_file() else b"-")
    return content.hexdigest()


def translations_digest(app: Sphinx) -> str:
    """Every catalog of every language, as the translation status counts them."""
    content = hashlib.sha256()
    for path in sorted((Path(app.srcdir) / "locales").rglob("*.po")):
        content.update(path.relative_to(app.srcdir).as_posix().encode() + b"\0" + path.read_bytes())
    return content.hexdigest()


def drop_words_no_page_has(app: Sphinx, exception: Exception | None) -> None:
    """The search index as a clean build writes it. An incremental build keeps, with an
    empty list of pages, each word of a page's old text that its new text lacks (Sphinx
    prunes the pages of a word, not the word): a clean build does not list them."""
    index = Path(app.outdir) / "searchindex.js"
    if exception is not None or app.builder.format != "html" or not index.is_file():
        return
    from sphinx.search import js_index

    data = js_index.loads(index.read_text(encoding="utf-8"))
    kept = {table: {word: pages for word, pages in data[table].items() if pages != []}
            for table in ("terms", "titleterms") if table in data}
    if any(len(kept[table]) != len(data[table]) for table in kept):
        index.write_text(js_index.dumps({**data, **kept}), encoding="utf-8")


def pages_digest(env: BuildEnvironment) -> str:
    """The site's pages, their titles and tables of contents: the navigation every page has."""
    pages = {docname: [env.titles[docname].astext() if docname in env.titles else "",
                       env.toctree_includes.get(docname, [])] for docname in sorted(env.all_docs)}
    return hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest()


def _store(env: BuildEnvironment, name: str, empty: Any) -> Any:
    if not hasattr(env, name):
        setattr(env, name, empty)
    return getattr(env, name)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", record_references)
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_pages)
    app.connect("env-get-updated", pages_to_write)
    app.connect("build-finished", drop_words_no_page_has)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}
