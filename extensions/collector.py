"""Python's garbage collector, tuned for a build.

A build keeps the whole plan in memory (the environment, every need, the pages'
trees waiting to be written) while it makes and drops millions of short-lived
objects: each page's tree is copied, resolved, drawn and written, and a docutils
tree is a web of cycles (every node points to its parent), which only the collector
frees. With Python's default thresholds (700, 10, 10) much of that garbage lives
long enough to reach the oldest generation, and each full collection then walks
the whole plan again. In a clean build of the 2,000-action bench plan that was 36
full collections and about a quarter of the build.

Collecting the young generations less often lets a page's garbage die young, in a
collection that does not walk the plan. The price is memory: more garbage waits to
be collected. The README gives both, measured; ``make bench`` reports them.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

#: Allocations before a collection of the youngest generation, then collections of
#: each generation before the next one is collected (Python's default: 700, 10, 10).
THRESHOLDS = (2000, 20, 20)


def setup(app: Sphinx) -> dict[str, object]:
    gc.set_threshold(*THRESHOLDS)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
