"""The search page's messages in the page's language: ``_static/translations.js``.

Sphinx's scripts (the search page, "Hide Search Matches") take their messages from
``_static/translations.js``, which Sphinx copies from its own catalog for the language.
That file falls short in three ways for this site:

- for Chinese there is none: Sphinx keeps it under ``zh_CN``, and looks under ``zh``;
- for Arabic, Russian and Spanish some messages are empty strings, so the search page
  shows a blank status where it should say how many pages it found;
- it installs its plural rule with ``new Function``, which the site's
  Content-Security-Policy forbids (extensions/content_security.py).

So this module writes the file itself, before any page is written: for every message
that Sphinx's shipped scripts ask for, the translation the page templates use too (the
project's ``locales/<code>/LC_MESSAGES/sphinx.po`` first, then Sphinx's own catalog),
with the language's plural rule written as code. A message with no translation is left
out, so the script shows the English rather than nothing; tests/test_languages.py fails
when a published language lacks one.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import sphinx
from babel.messages.plurals import get_plural
from sphinx.application import Sphinx
from sphinx.locale import get_translator

from .languages import SOURCE_LANGUAGE

#: Where Sphinx's shipped scripts live (tests/test_languages.py pins what they ask for).
SCRIPTS = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
#: How they ask: _("…"), Documentation.gettext("…"), Documentation.ngettext("…", "…", n).
SINGULAR = re.compile(r'(?:\b_|Documentation\.gettext)\(\s*("(?:[^"\\]|\\.)*")\s*,?\s*\)')
PLURAL = re.compile(r'Documentation\.ngettext\(\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*"),')
#: What a plural rule may contain before it is written into a script as code.
PLURAL_RULE = re.compile(r"[n0-9\s()<>=!&|%?:+\-*/]+")


def script_messages(scripts: Path = SCRIPTS) -> tuple[list[str], list[tuple[str, str]]]:
    """The singular messages and the (singular, plural) pairs the scripts ask for."""
    singular: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for script in sorted(scripts.glob("*.js")):
        text = script.read_text(encoding="utf-8")
        singular.update(json.loads(literal) for literal in SINGULAR.findall(text))
        plural.update((json.loads(one), json.loads(many)) for one, many in PLURAL.findall(text))
    return sorted(singular), sorted(plural)


def plural_rule(language: str) -> tuple[int, str]:
    """The number of plural forms and the rule choosing one (gettext's C syntax, also JavaScript)."""
    forms = get_plural(language)
    if not PLURAL_RULE.fullmatch(forms.plural_expr):
        raise RuntimeError(f"unexpected plural rule for {language!r}: {forms.plural_expr!r}")
    return forms.num_plurals, forms.plural_expr


def catalog(language: str, translator: gettext.NullTranslations,
            scripts: Path = SCRIPTS) -> dict[str, str | list[str]]:
    """Each script message with its translation; untranslated ones are left out."""
    count, rule = plural_rule(language)
    choose = gettext.c2py(rule)
    # For each plural form, the smallest count that takes it, asked of the translator,
    # which applies the rule of whichever catalog holds the message.
    counts = [*range(1000), *(10 ** power for power in range(3, 10))]  # French: a million
    samples = [next(n for n in counts if choose(n) == form) for form in range(count)]
    singular, plural = script_messages(scripts)
    messages: dict[str, str | list[str]] = {}
    for message in singular:
        if (translated := translator.gettext(message)) != message and translated:
            messages[message] = translated
    for one, many in plural:
        forms = [translator.ngettext(one, many, n) for n in samples]
        if all(form and form not in (one, many) for form in forms):
            messages[one] = forms
    return messages


def script(language: str, messages: dict[str, str | list[str]]) -> str:
    _, rule = plural_rule(language)
    return ("// The search page's messages in this language, written by extensions/script_messages.py\n"
            "// (the site's Content-Security-Policy forbids Sphinx's own form, which evaluates a string).\n"
            f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(messages, sort_keys=True, indent=1, ensure_ascii=False)});\n"
            f"Documentation.PLURAL_EXPR = (n) => Number({rule});\n"
            f"Documentation.LOCALE = {json.dumps(language)};\n")


def write_catalog(app: Sphinx) -> None:
    """Written among the site's static files, which Sphinx copies after its own catalog."""
    language = app.config.language
    if app.builder.format != "html" or language == SOURCE_LANGUAGE:
        return
    folder = Path(app.doctreedir) / "script-messages"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "translations.js"
    text = script(language, catalog(language, get_translator("sphinx", "general")))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    app.config.html_static_path.append(str(folder))
    # Sphinx links translations.js only when it has a catalog of its own (not for zh);
    # the same asset added twice is linked once.
    app.add_js_file("translations.js")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", write_catalog)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
