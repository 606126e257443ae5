"""Every page carries a Content-Security-Policy that lets only the site's own
scripts run: its files, and by hash the inline scripts the build wrote."""

from __future__ import annotations

import base64
import hashlib
import re

import lxml.html

from conftest import Build
from extensions.script_messages import script, script_messages

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def inline_scripts(html: str) -> list[str]:
    """The inline scripts of a page, read by an HTML parser (not the build's regex)."""
    return [script.text or "" for script in lxml.html.document_fromstring(html).iter("script")
            if script.get("src") is None]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_a_policy_before_any_script(site: Build) -> None:
    pages = list(site.outdir.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = META.search(html)
        assert found, f"{page.name} has no Content-Security-Policy"
        first_script = html.find("<script")
        assert first_script == -1 or found.start() < first_script, f"{page.name}: a script comes before the policy"
        assert html.count("Content-Security-Policy") == 1


def test_script_src_allows_only_the_site_and_its_own_inline_scripts(site: Build) -> None:
    for page in site.outdir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        policy = directives(META.search(html).group(1))
        sources = policy["script-src"]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources and "*" not in sources
        assert sources[0] == "'self'"
        # one hash per distinct inline script, no more: no allowance is left over for
        # a script the page does not have (that each hash lets its script run is
        # proven in the browser, where a refused script is a console error)
        assert all(s.startswith("'sha256-") for s in sources[1:]), page.name
        assert len(set(sources[1:])) == len(set(inline_scripts(html))), page.name
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert all(not s.startswith(("http", "//")) for values in policy.values() for s in values)


def test_the_live_preview_allows_exactly_its_reload_script() -> None:
    """`make serve` injects sphinx-autobuild's reload script; only the preview build
    allows it, by hash, and nothing else."""
    import sys

    from conftest import PROJECT

    sys.path.insert(0, str(PROJECT))
    from extensions.content_security import live_reload_script, policy_for
    from sphinx_autobuild.middleware import web_socket_script

    page = "<html><head><meta charset='utf-8'></head><body></body></html>"
    [script] = live_reload_script("127.0.0.1:8000")
    assert script in web_socket_script("127.0.0.1:8000")
    with_reload = directives(policy_for(page, [script]))["script-src"]
    assert with_reload == ["'self'", "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"]
    assert directives(policy_for(page))["script-src"] == ["'self'"]
    assert live_reload_script("") == []


def test_the_search_page_s_messages_are_installed_without_evaluating_a_string() -> None:
    """Pins what extensions/script_messages.py reads in Sphinx's shipped scripts (the
    calls it finds), and the form it writes: no code built from a string."""
    singular, plural = script_messages()
    assert {"Search Results", "Searching", "Preparing search...", "Hide Search Matches"} <= set(singular)
    assert ("Search finished, found one page matching the search query.",
            "Search finished, found ${resultCount} pages matching the search query.") in plural
    for code in ("ar", "ru", "zh", "fr"):
        written = script(code, {"Searching": "…"})
        assert not re.search(r"addTranslations\(|new Function|\beval\(", written)
        assert f'Documentation.LOCALE = "{code}";' in written
        assert re.search(r"^Documentation\.PLURAL_EXPR = \(n\) => Number\(.+\);$", written, re.M)
