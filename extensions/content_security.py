"""A Content-Security-Policy on every page, as a ``<meta>`` tag.

Static hosts such as GitHub Pages set no headers, so the policy travels in the
page, first thing after the charset and before any script. ``script-src`` allows
the site's own files and, by hash, exactly the inline scripts this build wrote
into that page (the theme's colour-scheme script, the mermaid loader, sphinx-needs'
permalink redirect): a script injected into a page later will not run.

``style-src`` has to allow inline styles: mermaid writes ``<style>`` elements and
``style`` attributes into the diagrams it draws, and Sphinx writes ``style`` on
table columns. Styles cannot run code; scripts stay locked down.

The policy has no ``'unsafe-eval'``: Sphinx's own ``_static/translations.js``, which
turns its plural rule into code with ``new Function``, is replaced by one written by
extensions/script_messages.py.

For the live preview (``make serve``), sphinx-autobuild injects a reload script
into each page it serves; ``plan_live_reload = "HOST:PORT"`` adds that one
script's hash, and only in preview builds."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from sphinx.application import Sphinx

from .languages import own_pages

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


#: Where a script element starts and ends. A script's text ends at the first "</script"
#: (HTML's script data state); the start tag itself is read by the HTML parser.
SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)</script\s*>", re.S | re.I)
META = re.compile(r"<meta\b[^>]*>", re.I)


class StartTag(HTMLParser):
    """The attribute names of one start tag, as the standard library's HTML parser reads them."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=False)
        self.attributes: set[str] = set()
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.update(name for name, _ in attrs)


class PageReader:
    """The body of each inline script of a page, and where its ``<meta charset>`` tag
    ends. Only the script elements are parsed: a whole page through the HTML parser
    took a quarter of a build."""

    def __init__(self, html: str) -> None:
        self.scripts = [body for tag, body in SCRIPT.findall(html) if "src" not in StartTag(tag).attributes]
        charset = next((m for m in META.finditer(html) if "charset" in StartTag(m.group()).attributes), None)
        self.charset_end: int | None = charset.end() if charset else None  # offset just after the tag


def inline_scripts(html: str) -> list[str]:
    return PageReader(html).scripts


def policy_for(html: str, extra_scripts: list[str] = (), reader: PageReader | None = None) -> str:
    scripts = (reader or PageReader(html)).scripts
    hashes = sorted({script_hash(body) for body in [*scripts, *extra_scripts]})
    return POLICY.format(hashes="".join(" " + h for h in hashes))


def live_reload_script(address: str) -> list[str]:
    """The body of the reload script sphinx-autobuild injects when serving ``address``."""
    if not address:
        return []
    from sphinx_autobuild.middleware import web_socket_script

    return inline_scripts(web_socket_script(address))


def add_policy(html: str, extra_scripts: list[str] = ()) -> str:
    """The page with the policy's ``<meta>`` right after its ``<meta charset>``."""
    page = PageReader(html)
    if page.charset_end is None:
        raise RuntimeError("no <meta charset> to put the Content-Security-Policy after")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, extra_scripts, page)}">'
    return html[:page.charset_end] + meta + html[page.charset_end:]


def write_policies(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    extra = live_reload_script(app.config.plan_live_reload)
    for page in own_pages(app):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' not in html:
            page.write_text(add_policy(html, extra), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("plan_live_reload", "", "html", types=[str])
    app.connect("build-finished", write_policies)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
