"""The recorded releases of the plan, and the actions retired or superseded since."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..interface import _
from ..plan import Plan
from ..releases import released
from ..render import need_link, paragraph, table
from . import view


@view("releases")
def releases(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    recorded = released(Path(app.srcdir))
    rows = []
    for name, needs in recorded.items():
        counts = Counter(n["type"] for n in needs.values())
        rows.append([name, str(counts["action"]), str(counts["indicator"]), str(len(needs))])
    out: list[nodes.Node] = [
        table([_("Release"), _("Actions"), _("Indicators"), _("All IDs")], rows, classes=["plan-releases"],
              numeric=[1, 2, 3])
        if rows else paragraph(_("No release has been recorded yet."))]
    ended = [a for a in plan.of_type("action") if a["status"] in ("retired", "superseded")]
    if ended:
        out.append(table([_("Action"), _("Title"), _("Status"), _("Superseded by")],
                         [[need_link(app, doc, a), a["title"], _(a["status"]),
                           [need_link(app, doc, plan.needs[i]) for i in a["superseded_by"]] or "—"]
                          for a in ended], classes=["plan-retired"]))
    else:
        out.append(paragraph(_("No released action has been retired or superseded.")))
    return out
