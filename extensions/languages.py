"""The plan in the Convention's languages: one English source, gettext catalogs.

Page prose and headings reach Sphinx's own catalogs (``locales/<lang>/LC_MESSAGES/
<page>.po``, the sphinx-intl layout). Need titles and fields never do: they are
directive arguments and options. They have a catalog of their own,
``locales/<lang>/LC_MESSAGES/needs.po``, keyed by need ID and field
(``msgctxt "UNI_01.title"``):

- the gettext builder writes its template, ``needs.pot``, beside the pages' ones;
- a build in another language applies it before sphinx-needs resolves the needs,
  so that language's pages, ``needs.json`` and exports carry its text.

What a field means for the rules (IDs, links, statuses, kinds, the indicative mark,
dates) is never translated: only the text a reader reads. ``tools/translations.py``
updates the catalogs and is the gate that a published language is complete."""

from __future__ import annotations

import functools
import json
import os
import tomllib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from .interface import _

logger = logging.getLogger(__name__)

#: The text fields a reader reads, by need type; every type's title besides.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "section": ("contribution",),
    "action": (),
    "indicator": ("unit", "denominator", "baseline", "target", "source"),
    "article": ("deadline",),
    "actor": (),
    "meeting": ("place", "dates", "president", "note"),
}
NEEDS_CATALOG = "needs"
#: Progress records are the meetings' data (an action's status, a value, a document
#: symbol), recorded by each President as the records of that meeting: not translated.
UNTRANSLATED_TYPES = {"progress"}


def translatable(needs: MutableMapping[str, Any]):
    """(ID, field, English text) for every text a reader reads, in ID order."""
    for need_id in sorted(needs):
        need = needs[need_id]
        if need["type"] in UNTRANSLATED_TYPES:
            continue
        for field in ("title", *TRANSLATED_FIELDS.get(need["type"], ())):
            text = need.get(field)
            if isinstance(text, str) and text.strip():
                yield need_id, field, text


def catalog_path(srcdir: Path, language: str) -> Path:
    return srcdir / "locales" / language / "LC_MESSAGES" / f"{NEEDS_CATALOG}.po"


def write_template(app: Sphinx, needs: MutableMapping[str, Any]) -> None:
    """The gettext builder: needs.pot, beside the pages' templates."""
    template = Catalog(project=app.config.project, version=app.config.version, fuzzy=False)
    for need_id, field, text in translatable(needs):
        template.add(text, context=f"{need_id}.{field}")
    with open(Path(app.outdir) / f"{NEEDS_CATALOG}.pot", "wb") as handle:
        write_po(handle, template, width=0, omit_header=True, sort_output=False)


def translate_needs(app: Sphinx, needs: MutableMapping[str, Any]) -> None:
    """Another language: each need's title and text fields from its catalog. A message
    missing or fuzzy stays English here; the gate (tools/translations.py check)
    refuses to publish a language that has one."""
    if app.builder.name == "gettext":
        write_template(app, needs)
        return
    language = app.config.language or "en"
    if language == "en":
        return
    path = catalog_path(Path(app.srcdir), language)
    if not path.is_file():
        logger.warning(f"no catalog of need titles and fields for {language!r}: run `make translations`",
                       location=str(path), type="plan", subtype="translations")
        return
    catalog = read_catalog(path, language)
    for need_id, field, text in list(translatable(needs)):
        needs[need_id][field] = current(catalog, text, context=f"{need_id}.{field}")
    # A need's text (its content) is page prose: it is translated on the page by
    # Sphinx, from the page's catalog. sphinx-needs does not let it be replaced in the
    # need, so the translation is kept here for needs.json and the exports.
    pages: dict[str, Catalog | None] = {}
    translated = {}
    for need_id, need in needs.items():
        if not need.get("content") or not need.get("docname"):
            continue
        if need["docname"] not in pages:
            page = Path(app.srcdir) / "locales" / language / "LC_MESSAGES" / f"{need['docname']}.po"
            pages[need["docname"]] = read_catalog(page, language) if page.is_file() else None
        if pages[need["docname"]] is not None:
            translated[need_id] = translate_prose(pages[need["docname"]], need["content"])
    app.env.plan_translated_content = translated


def catalog_shares(srcdir: Path, language: str) -> dict[str, tuple[int, int]]:
    """Per catalog of ``language`` (by page name, and "needs"): how many of its
    messages are translated and current (not fuzzy), of how many."""
    folder = srcdir / "locales" / language / "LC_MESSAGES"
    shares = {}
    for path in sorted(folder.rglob("*.po")):
        messages = [m for m in read_catalog(path, language) if m.id]
        done = sum(1 for m in messages if is_translated(m) and not m.fuzzy)
        shares[path.relative_to(folder).with_suffix("").as_posix()] = (done, len(messages))
    return shares


def is_translated(message: Any) -> bool:
    """A translation in msgstr (in every plural form, for a message that has them)."""
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def translate_prose(catalog: Catalog, text: str) -> str:
    """Each paragraph of ``text`` from ``catalog``, as Sphinx finds it (its lines joined
    by spaces); a paragraph without a current translation stays English."""
    return "\n\n".join(current(catalog, paragraph.replace("\n", " ").strip(), fallback=paragraph)
                       for paragraph in text.split("\n\n"))


def current(catalog: Catalog, english: str, context: str | None = None, fallback: str | None = None) -> str:
    """The current translation of ``english`` (none if it is missing, empty or fuzzy:
    then ``fallback``, by default the English)."""
    message = catalog.get(english, context=context)
    if message is not None and is_translated(message) and not message.fuzzy:
        return message.string
    return english if fallback is None else fallback


def text_of(env: Any, need: Any) -> str:
    """A need's text in the build's language (its content, for English)."""
    return getattr(env, "plan_translated_content", {}).get(need["id"], need["content"])


def translate_needs_json(app: Sphinx, exception: Exception | None) -> None:
    """needs.json, written by sphinx-needs in the same form, with each need's text in
    the build's language."""
    translated = getattr(app.env, "plan_translated_content", {})
    path = Path(app.outdir) / "needs.json"
    if exception is not None or not translated or not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for version in data["versions"].values():
        for need_id, need in version["needs"].items():
            if need_id in translated and "content" in need:
                need["content"] = translated[need_id]
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, sort_keys=True)  # as sphinx-needs writes it


SOURCE_LANGUAGE = "en"
SOURCE_NAME = "English"


def site_languages(srcdir: Path) -> dict[str, dict]:
    """locales/languages.toml: each other language's name, notice, direction and whether
    it is published (read once per version of the file: every page asks)."""
    path = srcdir / "locales" / "languages.toml"
    return _read_languages(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_languages(path: Path, _version: int) -> dict[str, dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def right_to_left(srcdir: Path, language: str) -> bool:
    """Whether locales/languages.toml says ``language`` is written right to left."""
    return site_languages(srcdir).get(language, {}).get("direction") == "rtl"


def published_languages(srcdir: Path) -> list[str]:
    return [code for code, entry in site_languages(srcdir).items() if entry.get("published")]


def own_pages(app: Sphinx) -> list[Path]:
    """The pages of this build. A language's site in its folder of the English one
    (_build/html/fr/) is left to its own build, which `make html` runs at the same time."""
    outdir, others = Path(app.outdir), set(site_languages(Path(app.srcdir)))
    pages = []
    for folder, subfolders, files in os.walk(outdir):
        if Path(folder) == outdir:
            subfolders[:] = [d for d in subfolders if d not in others]
        pages += [Path(folder, f) for f in files if f.endswith(".html")]
    return sorted(pages)


def set_direction(app: Sphinx, exception: Exception | None) -> None:
    """A right-to-left language's pages say so on their root element: Sphinx writes
    lang="ar" but no dir (Sphinx #10385), and browsers and furo's layout follow dir."""
    language = app.config.language or SOURCE_LANGUAGE
    if exception is not None or app.builder.format != "html" or language == SOURCE_LANGUAGE:
        return
    if app.builder.name == "print":  # the printed edition's page sets its direction itself
        return
    if not right_to_left(Path(app.srcdir), language):
        return
    root = f'<html class="no-js" lang="{language}"'  # furo's base.html
    marked = 0
    for page in own_pages(app):
        html = page.read_text(encoding="utf-8")
        if root + ' dir="rtl"' in html:  # written by an earlier build (an incremental build keeps it)
            marked += 1
        elif root in html:  # a theme page (sphinx-needs' permalink.html is a bare redirect)
            page.write_text(html.replace(root, root + ' dir="rtl"', 1), encoding="utf-8")
            marked += 1
    if not marked:
        raise RuntimeError(f"no page starts with {root!r}: the theme's root element changed "
                           "(extensions/languages.py marks it right to left)")


def mark_translation(app: Sphinx, config: Config) -> None:
    """A translated site says, on every page and in its language, that it is an
    unofficial working translation and that the English text is under negotiation."""
    language = config.language or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return
    known = site_languages(Path(app.srcdir))
    if language not in known:
        raise ConfigError(f"language {language!r} has no entry in locales/languages.toml: "
                          f"the languages are {', '.join([SOURCE_LANGUAGE, *known])}")
    notice = known[language]["notice"]
    options = config.html_theme_options
    banner = " ".join(filter(None, [options.get("announcement", ""), notice]))
    config.html_theme_options = {**options, "announcement": banner}
    # The rules about a field's English wording ("(yes/no)" units, units that count
    # "States") hold on the English source, which `make check` builds strictly. A
    # translation changes only that wording, never IDs, links or statuses: every other
    # rule is checked again here.
    definitions = config.needs_schema_definitions
    config.needs_schema_definitions = {
        **definitions, "schemas": [rule for rule in definitions.get("schemas", []) if not about_wording(rule)]}


def about_wording(rule: dict) -> bool:
    """A schema rule that matches the wording (a pattern) of a field a translation changes."""
    translated = {"title", *(f for fields in TRANSLATED_FIELDS.values() for f in fields)}
    return bool(translated & (patterned(rule.get("select", {})) | patterned(rule.get("validate", {}))))


def patterned(part: Any) -> set[str]:
    """The fields whose text a schema fragment matches against a pattern."""
    found: set[str] = set()
    if isinstance(part, dict):
        found |= {name for name, test in part.get("properties", {}).items()
                  if isinstance(test, dict) and "pattern" in test}
        for value in part.values():
            found |= patterned(value)
    elif isinstance(part, list):
        for value in part:
            found |= patterned(value)
    return found


def switcher(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The language switcher: the same page in each other language, as a relative link
    (English at the site's root, each other language in its folder), so it works offline."""
    language = app.config.language or SOURCE_LANGUAGE
    known = site_languages(Path(app.srcdir))
    shown = [code for code, entry in known.items() if entry.get("published") or code == language]
    to_root = "../" * pagename.count("/") + ("" if language == SOURCE_LANGUAGE else "../")
    entries = []
    for code, name in [(SOURCE_LANGUAGE, SOURCE_NAME), *((c, known[c]["name"]) for c in shown)]:
        folder = "" if code == SOURCE_LANGUAGE else f"{code}/"
        entries.append({"code": code, "name": name, "current": code == language,
                        "href": f"{to_root}{folder}{pagename}.html"})
    context["plan_languages"] = entries if len(entries) > 1 else []
    context["plan_languages_label"] = _("Languages")


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Nodes that Sphinx parses from a translated message (sphinx.transforms.i18n) can
    keep a reference to the small document they were parsed in, and through its
    settings to the whole build environment, which then goes into the page's pickled
    doctree: 270 KB a page in place of 35 KB, and 0.5 s of a 3.5 s build spent writing
    them. They belong to the page they were put in."""
    if (app.config.language or SOURCE_LANGUAGE) == SOURCE_LANGUAGE:
        return
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", adopt_translated_nodes)
    # after the editions' banner and the rulebook (500), before sphinx-needs checks
    # its schema configuration (600)
    app.connect("config-inited", mark_translation, priority=590)
    app.connect("html-page-context", switcher)
    # after sphinx-needs writes needs.json (500)
    app.connect("build-finished", translate_needs_json, priority=600)
    app.connect("build-finished", set_direction, priority=400)
    # before the editions (which take needs out) and every check that reads the text
    app.connect("needs-before-post-processing", translate_needs, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
