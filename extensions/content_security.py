"""A Content-Security-Policy on every page, as a ``<meta>`` tag.

Static hosts such as GitHub Pages set no headers, so the policy travels in the
page, first thing after the charset and before any script. ``script-src`` allows
the site's own files and, by hash, exactly the inline scripts this build wrote
into that page (the theme's colour-scheme script, the mermaid loader, sphinx-needs'
permalink redirect): a script injected into a page later will not run.

``style-src`` has to allow inline styles: mermaid writes ``<style>`` elements and
``style`` attributes into the diagrams it draws, and Sphinx writes ``style`` on
table columns. Styles cannot run code; scripts stay locked down.

For the live preview (``make serve``), sphinx-autobuild injects a reload script
into each page it serves; ``plan_live_reload = "HOST:PORT"`` adds that one
script's hash, and only in preview builds."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.S | re.I)
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy_for(html: str, extra_scripts: list[str] = ()) -> str:
    hashes = sorted({script_hash(body) for body in [*INLINE_SCRIPT.findall(html), *extra_scripts]})
    return POLICY.format(hashes="".join(" " + h for h in hashes))


def live_reload_script(address: str) -> list[str]:
    """The body of the reload script sphinx-autobuild injects when serving ``address``."""
    if not address:
        return []
    from sphinx_autobuild.middleware import web_socket_script

    return INLINE_SCRIPT.findall(web_socket_script(address))


def add_policy(html: str, extra_scripts: list[str] = ()) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, extra_scripts)}">'
    added, count = CHARSET.subn(lambda m: m.group(0) + meta, html, count=1)
    if count != 1:
        raise RuntimeError("no <meta charset> to put the Content-Security-Policy after")
    return added


def write_policies(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    extra = live_reload_script(app.config.plan_live_reload)
    for page in sorted(Path(app.outdir).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' not in html:
            page.write_text(add_policy(html, extra), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("plan_live_reload", "", "html", types=[str])
    app.connect("build-finished", write_policies)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
