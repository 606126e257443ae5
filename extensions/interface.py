"""The site's own interface text in the build's language: the labels of the need
boxes, the computed views (traces, dashboard, matrix, monitoring ...), the sidebar.

The project's code writes English and marks each text for translation::

    from .interface import _, n_
    paragraph(_("No action of this plan is due by this meeting."))
    paragraph(n_("{n} action", "{n} actions", len(actions)).format(n=len(actions)))

``tools/translations.py`` extracts these marks (and the labels of the need model:
type names, link labels, need-box field labels) into ``interface.pot``; each language
translates them in ``locales/<lang>/LC_MESSAGES/interface.po``. A build in another
language loads that catalog once, when its configuration is read; a message with no
current translation stays English, and the gate refuses to publish such a language.

Sphinx's own interface text (search page, "Previous", "Next" ...) comes from
Sphinx's catalogs; a string they lack is completed in the project's
``locales/<lang>/LC_MESSAGES/sphinx.po``, which Sphinx reads first."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from docutils import nodes
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from sphinx.application import Sphinx
from sphinx.config import Config


CATALOG = "interface"
_translations: gettext.NullTranslations = gettext.NullTranslations()
#: Whether the build's language is written right to left (locales/languages.toml).
_right_to_left = False


def _(message: str) -> str:
    """``message`` in the build's language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Marks a text for translation where it is defined (a constant); translate it
    with ``_()`` where it is shown."""
    return message


def n_(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the build's language (its own plural rule)."""
    return _translations.ngettext(singular, plural, count)


def isolated(code: str) -> str:
    """A code written in Latin letters and digits (2MSP, 1RC), kept whole and left to
    right inside a right-to-left sentence: between Unicode's first-strong isolate and
    pop-directional-isolate marks, which show nothing. Without them "3 by 2MSP, 4 by
    3MSP" in Arabic reads with its numbers and codes out of order."""
    return f"\u2068{code}\u2069" if _right_to_left else code


def load(srcdir: Path, language: str) -> None:
    """The interface catalog of ``language`` (none for English). Compiled in memory, so
    a fresh checkout needs no compiled .mo file; fuzzy messages are left out."""
    global _translations
    path = srcdir / "locales" / language / "LC_MESSAGES" / f"{CATALOG}.po"
    if language == "en" or not path.is_file():
        _translations = gettext.NullTranslations()
        return
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    _translations = gettext.GNUTranslations(compiled)


def enum_fields(config: Config) -> dict[str, list[str]]:
    """The fields whose value is one of a list the model fixes (status, progress, kind
    ...), with that list. Their values are codes in needs.json; a box shows them translated."""
    found: dict[str, list[str]] = {}
    shared = [(name, field) for name, field in config.needs_fields.items()]
    per_type = [(name, field) for kind in config.needs_types for name, field in kind.get("fields", {}).items()]
    for name, field in [*shared, *per_type]:
        values = field.get("schema", {}).get("enum") if isinstance(field, dict) else None
        if values:
            found.setdefault(name, [])
            found[name] += [v for v in values if isinstance(v, str) and v not in found[name]]
    return found


def model_labels(config: Config) -> list[str]:
    """The labels the need model shows: type names, link labels, need-box field labels,
    and the values of its enumerated fields."""
    labels = [config.html_title, config.copyright]
    for kind in config.needs_types:
        labels.append(kind["title"])
        for link in kind.get("links", {}).values():
            labels += [link.get("outgoing", ""), link.get("incoming", "")]
    for values in enum_fields(config).values():
        labels += values
    for fields in config.plan_box_fields.values():
        labels += [label for _name, label in fields]
    return [label for label in dict.fromkeys(labels) if label]


def translate_model_labels(config: Config) -> None:
    """The need model's labels in the build's language (before sphinx-needs reads them),
    and the site's title."""
    config.html_title = _(config.html_title)
    config.copyright = _(config.copyright)
    config.needs_types = [
        {**kind, "title": _(kind["title"]),
         "links": {name: {**link, **{side: _(link[side]) for side in ("outgoing", "incoming") if link.get(side)}}
                   for name, link in kind.get("links", {}).items()}}
        for kind in config.needs_types]


#: How the project's code marks a text: _("..."), N_("...") and n_("singular", "plural", n).
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}


def template(app: Sphinx) -> Catalog:
    """interface.pot: every marked text of the project's code, then the model's labels."""
    catalog = Catalog(project=app.config.project, version=app.config.version, fuzzy=False)
    code = Path(__file__).parent
    for filename, _line, message, _comments, context in extract_from_dir(
            code, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",)):
        catalog.add(message, context=context, auto_comments=[f"extensions/{filename}"])
    for label in model_labels(app.config):
        catalog.add(label, auto_comments=["needs/model.toml or conf.py"])
    return catalog


def write_template(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "gettext":
        with open(Path(app.outdir) / f"{CATALOG}.pot", "wb") as handle:
            write_po(handle, template(app), width=0, omit_header=True, sort_output=False)


#: The headings of the sortable action tables (traceability/actions/*.md): sphinx-needs
#: writes "ID" and "Title" itself, and the pages name the others in their :columns:.
TABLE_HEADINGS = (N_("ID"), N_("Title"), N_("Owner"), N_("Articles"), N_("Due by"), N_("Indicators"))
#: How a yes/no field's value shows in a box.
BOOLEANS = {"True": N_("yes"), "False": N_("no")}


def translate_table_headings(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """The headings of the sortable tables in the build's language (a need box's own
    labels and values are drawn translated: need_boxes.py)."""
    if (app.config.language or "en") == "en":
        return
    for heading in doctree.findall(nodes.thead):
        table = heading.parent.parent
        if {"NEEDS_DATATABLES", "NEEDS_TABLE"} & set(table.get("classes", [])):
            for text in list(heading.findall(nodes.Text)):
                if str(text) in TABLE_HEADINGS:
                    text.parent.replace(text, nodes.Text(_(str(text))))


#: Labels furo writes into its pages in English, with no translation hook.
THEME_LABELS = (N_("Toggle site navigation sidebar"), N_("Toggle table of contents sidebar"),
                N_("Toggle Light / Dark / Auto color theme"))


def translate_page_labels(app: Sphinx, exception: Exception | None) -> None:
    """The theme's hard-written aria-labels, in the build's language, on every page."""
    if exception is not None or app.builder.format != "html" or (app.config.language or "en") == "en":
        return
    from .languages import own_pages  # languages imports this module

    replacements = {f'aria-label="{label}"': f'aria-label="{_(label)}"' for label in THEME_LABELS}
    # furo's navigation tree: "Toggle navigation of <page title>"
    replacements['aria-label="Toggle navigation of '] = 'aria-label="' + _("Toggle navigation of") + " "
    for page in own_pages(app):
        html = page.read_text(encoding="utf-8")
        changed = html
        for old, new in replacements.items():
            changed = changed.replace(old, new)
        if changed != html:
            page.write_text(changed, encoding="utf-8")


def configure(app: Sphinx, config: Config) -> None:
    global _right_to_left
    from .languages import right_to_left  # languages imports this module

    language = config.language or "en"
    load(Path(app.srcdir), language)
    _right_to_left = right_to_left(Path(app.srcdir), language)
    if language != "en":
        translate_model_labels(config)


def setup(app: Sphinx) -> dict[str, object]:
    # after sphinx-needs reads needs/model.toml (10)
    app.connect("config-inited", configure, priority=20)
    app.connect("build-finished", write_template)
    # after sphinx-needs (500) has drawn its tables
    app.connect("doctree-resolved", translate_table_headings, priority=620)
    # before the Content-Security-Policy is written into each page (500)
    app.connect("build-finished", translate_page_labels, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
