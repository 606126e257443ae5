"""The list of downloads: the plan as data, with what each file holds."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..exports import FILES, download_name
from ..printed import PDF_NAME
from ..interface import N_, _
from ..plan import Plan
from ..reqif_export import FILE as REQIF_FILE
from . import view

DESCRIPTIONS = [
    ("needs.json", N_("every object of the plan (actions, indicators, sections, articles, actors, "
                   "meetings) with all its fields and links, in the sphinx-needs format.")),
    (FILES["actions_csv"], N_("one row per action; every link given as IDs and as titles (UTF-8, "
                              "comma-separated, several values joined by '; ').")),
    (FILES["indicators_csv"], N_("one row per indicator: what it measures, unit, baseline, target, source.")),
    (FILES["progress_csv"], N_("one row per progress record: action, meeting, progress, value, evidence, date "
                               "(only the header until a meeting has reviewed the plan).")),
    (FILES["xlsx"], N_("the same three tables as a spreadsheet, one sheet each, with filters.")),
    (REQIF_FILE, N_("the whole plan in ReqIF 1.2, the exchange format of requirement tools such as DOORS, "
                    "Polarion and StrictDoc: every object with its ID, title, text and fields, every link as a "
                    "relation, one specification per section. Checked by importing it into StrictDoc 0.30.4, "
                    "which reads every object and link but garbles letters outside ASCII in titles and fields, "
                    "and gives two links between the same two objects the same type; not yet checked in DOORS "
                    "or Polarion.")),
    (PDF_NAME, N_("the printed edition in this language, A4: a title page, the contents with the page of each "
                  "part, the sections with each action and its indicators, the articles, actors and meetings, the "
                  "matrix and the timeline, with bookmarks and links within the document.")),
]


@view("downloads", shows="nothing")
def downloads(app: Sphinx, doc: str, plan: Plan) -> list[nodes.Node]:
    root = app.builder.get_relative_uri(doc, app.config.root_doc).rsplit("/", 1)
    prefix = root[0] + "/" if len(root) == 2 else ""
    items = nodes.bullet_list()
    for file, description in DESCRIPTIONS:
        name = download_name(app, file)
        item = nodes.list_item()
        para = nodes.paragraph()
        para += nodes.reference("", "", nodes.literal(name, name), refuri=prefix + name)
        para += nodes.Text(_(": ") + _(description))
        item += para
        items += item
    return [items]
