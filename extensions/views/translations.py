"""How far each language's translation has got: the share of each page's messages
that are translated and current, from the catalogs in locales/ (as Open SDG shows it).
A language is published only at 100% (tools/translations.py check)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import _
from ..languages import catalog_shares, site_languages
from ..plan import Plan
from ..render import paragraph, table
from . import view


@view("translation-status", shows="catalogs")
def translation_status(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    srcdir = Path(app.srcdir)
    known = site_languages(srcdir)
    shares = {code: catalog_shares(srcdir, code) for code in known}
    names = sorted({name for per_language in shares.values() for name in per_language})
    if not names:
        return [paragraph(_("No catalog has been made yet: run `make translations`."))]

    def cell(code: str, name: str) -> str:
        done, total = shares[code].get(name, (0, 0))
        return f"{100 * done // total}%" if total else "—"

    rows = [[name, *(cell(code, name) for code in known)] for name in names]
    totals = []
    for code in known:
        done = sum(d for d, _ in shares[code].values())
        total = sum(t for _, t in shares[code].values())
        totals.append(_("{share}% ({done} of {total})").format(share=100 * done // total, done=done, total=total)
                      if total else "—")
    rows.append([_("All pages"), *totals])
    status = [f"{entry['name']} ({code})" + _(": ") + (_("published") if entry.get("published") else _("not yet published"))
              for code, entry in known.items()]
    return [paragraph(_("; ").join(status) + "."),
            table([_("Catalog (page)"), *(f"{entry['name']} ({code})" for code, entry in known.items())], rows,
                  classes=["plan-translation-status"], numeric=list(range(1, len(known) + 1)))]
