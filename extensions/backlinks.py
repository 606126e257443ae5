"""sphinx-needs' back-links, built in linear time.

sphinx-needs builds each need's back-links (a meeting's "Actions due", an actor's
"Owns") one at a time, and before adding one it searches the whole list for it.
A need that thousands of actions link to makes that quadratic: at 10,000 actions,
where a meeting has thousands of actions due, it was 100 million comparisons, the
one part of a build that grew faster than the plan (sphinx-needs reported it as
part of its schema validation: 1.2 s at 1,000 actions, 24 s at 10,000).

Here the search is a lookup in a set kept beside each list while the back-links
are built. The lists, their order and their content are exactly sphinx-needs'
own: a back-link already there is still left out. The set is dropped when the
build ends. Written for sphinx-needs 9.1.0 (``NeedItem.add_backlink``, an
internal): tests/test_need_model.py pins the version and the method replaced,
and checks both give the same lists.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx_needs.need_item import NeedItem, NeedLink

#: sphinx-needs' own method, kept for the test that compares the two.
ORIGINAL = NeedItem.add_backlink
#: For each back-link list being built: the list itself (so its id is never reused while
#: it is here) and the set of what it holds.
_HELD: dict[int, tuple[list[Any], set[Any]]] = {}


def add_backlink(self: NeedItem, link_type: str, backlink: str | NeedLink) -> None:
    """``NeedItem.add_backlink``, with the search for a back-link already there a set lookup."""
    if link_type not in self._backlinks:
        raise KeyError(f"Link type {link_type!r} does not exist in backlinks.")
    backlink = NeedLink.from_string(backlink) if isinstance(backlink, str) else backlink
    links = self._backlinks[link_type]
    entry = _HELD.get(id(links))
    if entry is None or entry[0] is not links or len(entry[1]) != len(links):
        # a list not seen yet, or changed since by something else: read it again
        entry = _HELD[id(links)] = (links, set(links))
    if backlink not in entry[1]:
        links.append(backlink)
        entry[1].add(backlink)


def forget(app: Sphinx, exception: Exception | None) -> None:
    _HELD.clear()


def setup(app: Sphinx) -> dict[str, object]:
    NeedItem.add_backlink = add_backlink
    app.connect("build-finished", forget)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
