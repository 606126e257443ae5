"""Sphinx configuration of the Vientiane Action Plan site.

Kept thin: the need model (types, fields, links, ID rule, schema rules) is data
in needs/model.toml; project code lives in extensions/, one concern per module.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# -- Project information -----------------------------------------------------

project = "Vientiane Action Plan (draft)"
author = "States Parties to the Convention on Cluster Munitions"
copyright = "2010, States Parties to the Convention on Cluster Munitions"
# Written into needs.json; left empty, needs.json's version key would be "".
version = release = "draft-1MSP"
language = "en"

# -- General configuration ---------------------------------------------------

extensions = [
    "extensions.collector",  # Python's garbage collector tuned for a build: a quarter of a large build's time
    "myst_parser",
    "sphinx_needs",
    "sphinxcontrib.mermaid",
    "extensions.rulebook",  # every rule in one list: the Rules page, and a fix for each built-in message
    "extensions.schema_report",  # model.toml's rule findings at the need's file and line, in the rule's words
    "extensions.backlinks",  # sphinx-needs' back-links built in linear time (its search was quadratic)
    "extensions.section_link",  # each action's section: the one on its page
    "extensions.checks",  # the plan's own rules (ID per section, step order, indicators)
    "extensions.traces",  # under each article, actor, meeting, section: its actions
    "extensions.views",  # {plan-view}: matrix, coverage, timeline, sequencing, dashboard
    "extensions.script_messages",  # the search page's messages (translations.js) in the page's language
    "extensions.exports",  # plan-actions.csv / .xlsx next to needs.json
    "extensions.reqif_export",  # plan.reqif (ReqIF 1.2) next to needs.json, for requirement tools
    "extensions.accessibility",  # theme HTML fixes that axe requires
    "extensions.no_raw_html",  # HTML, {raw} and {include} in a page fail the build
    "extensions.content_security",  # a Content-Security-Policy <meta> on every page
    "extensions.releases",  # a released ID never disappears or changes type
    "extensions.editions",  # -D plan_edition=one-year: the actions due by 2MSP only
    "extensions.reproducible",  # the same sources give the same site, byte for byte
    "extensions.need_boxes",  # each need's box: head, the fields its type shows, links, text; statuses as badges
    "extensions.languages",  # need titles and fields from locales/<lang>/LC_MESSAGES/needs.po
    "extensions.interface",  # the site's own labels and view text from locales/<lang>/LC_MESSAGES/interface.po
    "extensions.chinese_search",  # Chinese search by character bigrams (no dictionary, no jieba)
    "extensions.arabic_search",  # Arabic search: the light10 stemmer (article, conjunction, endings)
    "extensions.translated_markdown",  # translated messages parsed without rebuilding docutils' defaults each time
    "extensions.dependencies",  # after an edit, every page that shows a changed need is written again
    "extensions.printed",  # sphinx-build -b print: the printed edition, one page that make pdf prints to A4
    "extensions.source_files",  # pages and the files they name: the repository's own, never a link or outside
]

# Every broken reference is a warning, and the build treats warnings as errors.
nitpicky = True
# Show the warning type ([needs.link_outgoing] ...) so a contributor can look it up.
show_warning_types = True
# sphinx-needs prints its schema findings without file or line; extensions/schema_report.py
# reports each one again from schema_violations.json, located, in the rule's own words (and
# stops the build if that file is missing). No other warning is hidden.
suppress_warnings = ["sn_schema_violation"]

root_doc = "index"
# Only these are pages of the site; README.md, tests/, caches and the like are not.
include_patterns = ["index.md", "sections/*.md", "sections/*/*.md", "needs/*.md", "traceability/*.md", "traceability/*/*.md", "monitoring/*.md"]
# Never walked for sources: the build output, the virtual environment and the fetched
# assets hold thousands of files, and walking them cost seconds on every build.
exclude_patterns = ["_build", ".venv", "_vendor", ".git", "tests", "tools", "releases", ".github", "locales"]
templates_path = ["_templates"]
source_suffix = {".md": "markdown"}

# -- MyST ------------------------------------------------------------------------

# colon_fence: ':::' fences, which GitHub also shows readably in a pull request.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- sphinx-needs ------------------------------------------------------------

# Types, fields, links, the ID rule and the schema rules: see that file.
needs_from_toml = "needs/model.toml"

# How a need is shown (extensions/need_boxes.py): its type, ID and title on top, then
# the fields its type shows, each with a plain label and only where it has a value, then
# its links, each shown as "title (ID)". Left out: the link to the page's own section,
# and the back-links that extensions/traces.py shows as tables under the need.
_SHOWN_FOR_EVERY_TYPE = [("status", "Status")]
plan_box_fields = {
    kind: _SHOWN_FOR_EVERY_TYPE + fields for kind, fields in {
        "section": [("number", "Number"), ("code", "Code"), ("contribution", "Friends' contribution"),
                    ("contribution_status", "Contribution status")],
        "action": [("indicative", "Indicative")],
        "indicator": [("unit", "Unit"), ("denominator", "Counted among"), ("baseline", "Baseline"),
                      ("target", "Target"), ("source", "Source of the figure")],
        "progress": [("progress", "Progress"), ("value", "Value measured"), ("evidence", "Evidence"), ("date", "Date")],
        "article": [("number", "Number"), ("deadline", "Time limits"),
                    ("carries_obligations", "Carries obligations for States Parties")],
        "actor": [("kind", "Kind")],
        "meeting": [("place", "Place"), ("dates", "Dates"), ("president", "President"), ("note", "Note")],
    }.items()
}
plan_box_hidden_links = ["section", "section_back", "owner_back", "article_back", "horizon_back", "action_back",
                         "meeting_back"]
# Each link is shown as "title (ID)".
needs_show_link_title = True

# -- Options for HTML output -------------------------------------------------

html_theme = "furo"
html_title = "Vientiane Action Plan — draft"
# _vendor/ holds the pinned browser assets that `make setup` fetches (tools/vendor.json):
# the site loads nothing from a CDN.
html_static_path = ["_static", "_vendor"]
html_last_updated_fmt = None
# needs.json is copied next to the pages (see extensions/exports) and linked from the sidebar.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/languages.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/downloads.html",
        "sidebar/scroll-end.html",
    ]
}
html_css_files = ["plan.css"]
# Without a favicon every page view ends in a 404 for /favicon.ico.
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# No general index page: the plan has no index entries, so Sphinx's genindex.html was an
# empty "Index" page that every page linked to (<link rel="index">), written on every build.
html_use_index = False
# The footer says "Made with Furo": furo writes "Sphinx and @pradyunsg's" with an English
# possessive outside its translatable text, which would stay English on every translated page.
html_show_sphinx = False

# -- Diagrams ------------------------------------------------------------------

# mermaid's ES-module build, served from the site (see tools/vendor.json), in the
# version sphinxcontrib-mermaid 2.1.1 is made for.
mermaid_version = "11.12.1"
mermaid_use_local = "mermaid/mermaid.esm.min.mjs"
# "antiscript": the nodes of the sequencing graphs are links to the actions (the
# default, "strict", disables links); script elements are still removed.
mermaid_init_config = {"startOnLoad": False, "securityLevel": "antiscript"}

# -- Languages ---------------------------------------------------------------

# English is the source; each other language is a build of its own (-D language=fr)
# from the catalogs in locales/<lang>/LC_MESSAGES/ (extensions/languages.py, tools/translations.py).
locale_dirs = ["locales/"]
# one catalog per page (sections/3-universalisation.po), so a translator reviews one page
gettext_compact = False
# no source line numbers or UUIDs in the catalogs: an English edit elsewhere on a page
# does not rewrite every entry of its catalog
gettext_location = False
gettext_uuid = False
