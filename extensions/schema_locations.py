"""Give each schema violation the file and line of the need it is about.

sphinx-needs validates needs against ``needs_schema_definitions`` once all are
read, and logs each violation without a location ("Need 'UNI_02' has schema
violations: ..."). A desk officer then has to search the whole project for the
ID. This module adds a logging filter that looks the need up and attaches its
``(docname, lineno)``, which Sphinx prints as ``sections/3-universalisation.md:42``.
"""

from __future__ import annotations

import logging
import re

from sphinx.application import Sphinx
from sphinx_needs.data import SphinxNeedsData

#: The logger sphinx-needs reports schema violations on.
SCHEMA_LOGGER = "sphinx.sphinx_needs.schema.process"
#: How sphinx-needs starts each violation message.
NEED_IN_MESSAGE = re.compile(r"^Need '(?P<id>[^']+)' has schema violations")


class NeedLocationFilter(logging.Filter):
    """Set ``record.location`` from the need ID named in the message."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "location", None):
            return True
        match = NEED_IN_MESSAGE.match(str(record.msg))
        if match:
            needs = SphinxNeedsData(self.app.env).get_needs_view()
            need = needs.get(match["id"])
            if need is not None and need["docname"]:
                record.location = (need["docname"], need["lineno"])
        return True


def _install(app: Sphinx) -> None:
    logger = logging.getLogger(SCHEMA_LOGGER)
    # one filter per application: tests create several in one process
    for old in [f for f in logger.filters if isinstance(f, NeedLocationFilter)]:
        logger.removeFilter(old)
    logger.addFilter(NeedLocationFilter(app))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _install)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
