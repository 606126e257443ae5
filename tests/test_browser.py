"""The built site in a real browser (Debian's chromium, driven by Playwright),
served over http from 127.0.0.1 as any static host would serve it.

A missing browser is a failure here, never a skip: `make test` installs it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, sync_playwright

from conftest import PROJECT, Build, live, published_languages
from print_pdf import CHROMIUM, CHROMIUM_ARGS, served  # one way to serve a build and start the browser

pytestmark = pytest.mark.browser

#: Screenshots for people to look at (not compared by the tests).
SCREENSHOTS = PROJECT / "_build" / "screenshots"
#: axe rules switched off, each with the reason. Keep this empty unless a rule
#: cannot apply to this site.
AXE_DISABLED: dict[str, str] = {}
MERMAID_TIMEOUT_MS = 20_000
#: Desktop and phone widths at which the diagrams must be readable, and the least
#: height of a diagram's text there, in CSS pixels (no zooming allowed).
WIDTHS = {"desktop": 1280, "phone": 390}
LEAST_TEXT_PX = 12


@pytest.fixture(scope="session")
def base_url(site: Build, language_sites: dict[str, Build]) -> Iterator[str]:
    """The site with every published language in its folder, as `make html` writes it."""
    with served(site.outdir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists() or shutil.which("chromium"), (
        "Debian's chromium is missing: run `make test`, which installs it, or apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page with everything it logged and requested recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.pending: set[Request] = set()  # requests made and not yet answered
        self.requests = 0  # requests made by this tab
        self.pages = 0  # documents loaded in this tab
        self.made_on: dict[Request, int] = {}  # each request: the document that made it
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("request", self._made)
        self.page.on("requestfinished", lambda r: self.pending.discard(r))
        self.page.on("requestfailed", self._failed)
        # nothing may leave 127.0.0.1: record it, and do not let it through
        self.context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), self._block)

    def _made(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.pages += 1
        self.pending.add(request)
        self.made_on[request] = self.pages
        self.requests += 1

    def _failed(self, request: Request) -> None:
        self.pending.discard(request)
        # a late request of a page already left (the favicon, asked for a moment after
        # the page loaded) is cut off by the next visit: that says nothing of the site
        if request.failure == "net::ERR_ABORTED" and self.made_on.get(request, self.pages) < self.pages:
            return
        self.failed.append(request.url)

    def _block(self, route) -> None:
        url = route.request.url
        if not url.startswith(("data:", "blob:", "about:")):
            self.foreign.append(url)
        route.abort()

    def settle(self, quiet_ms: int = 100, timeout_ms: int = 10_000) -> None:
        """Wait until every request the page has made is answered and none has started
        for ``quiet_ms`` (the browser asks for the favicon a moment after the page has
        loaded), so that each is checked on the page that made it, not cut off by the
        next visit."""
        quiet, seen = 0, self.requests
        for _ in range(timeout_ms // 25):
            quiet = quiet + 25 if not self.pending and self.requests == seen else 0
            seen = self.requests
            if quiet >= quiet_ms:
                return
            self.page.wait_for_timeout(25)
        raise AssertionError(f"{self.page.url}: requests still unanswered: {[r.url for r in self.pending]}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def pages(site: Build) -> list[str]:
    return sorted(str(p.relative_to(site.outdir)) for p in site.outdir.rglob("*.html")
                  if "_static" not in p.parts)


def show_everything_and_render_diagrams(page: Page) -> int:
    """Open collapsed parts, then wait until every mermaid diagram is an SVG: the drawn
    one, a child of its <pre>; while mermaid lays a diagram out, an unfinished SVG
    stands in the <pre> inside a <div> of its own."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    count = page.locator("pre.mermaid").count()
    if count:
        page.wait_for_function(
            "() => [...document.querySelectorAll('pre.mermaid')].every(p => p.querySelector(':scope > svg'))",
            timeout=MERMAID_TIMEOUT_MS)
    return count


@pytest.mark.parametrize("language", ["en", *published_languages()])
def test_every_page_works_offline_on_a_phone_without_errors(
        site: Build, language_sites: dict[str, Build], base_url: str, visit: Visit, language: str) -> None:
    """Every page of each language, on a phone's width: no console error, no failed
    request, nothing fetched from elsewhere, and the page never scrolls sideways (wide
    tables and diagrams scroll in their own box)."""
    built = site if language == "en" else language_sites[language]
    prefix = "" if language == "en" else f"{language}/"
    names = [prefix + n for n in pages(built) if n.split("/")[0] not in language_sites
             and Path(n).name != "permalink.html"]
    assert len(names) >= 35
    width = WIDTHS["phone"]
    visit.page.set_viewport_size({"width": width, "height": 900})
    diagrams, sideways = 0, []
    for name in names:
        visit.page.goto(base_url + name, wait_until="load")
        drawn = show_everything_and_render_diagrams(visit.page)
        diagrams += drawn
        if drawn:
            # mermaid loads some of its modules after drawing: wait until the network
            # has been quiet for half a second, as they may start a moment later
            visit.page.wait_for_load_state("networkidle")
        visit.settle()
        assert visit.errors == [], f"{name}: console errors {visit.errors}"
        assert visit.failed == [], f"{name}: failed requests {visit.failed}"
        assert visit.foreign == [], f"{name}: requests that leave the site {visit.foreign}"
        if (scroll := visit.page.evaluate("document.documentElement.scrollWidth")) > width:
            sideways.append(f"{name} ({scroll}px)")
    assert diagrams >= 8  # the timeline and one graph per section
    assert not sideways, f"pages that scroll sideways at {width}px: {sideways}"


def test_the_permalink_page_loads_without_leaving_the_site(base_url: str, visit: Visit) -> None:
    visit.page.goto(base_url + "permalink.html?id=UNI_01", wait_until="load")
    visit.page.wait_for_load_state("load")
    assert urlparse(visit.page.url).hostname == "127.0.0.1"
    assert visit.foreign == [] and visit.errors == []


def test_the_site_search_finds_an_action_by_its_id(base_url: str, visit: Visit) -> None:
    visit.page.goto(base_url + "search.html?q=STK_05", wait_until="load")
    results = visit.page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.startswith("sections/4-stockpile-destruction.html") for h in hrefs), hrefs


#: In each language, what a reader types, the form the action's title has (Arabic and
#: Russian: another form of the word, which the stemmer must match; Chinese: a word
#: inside a run of characters written without spaces), the page and the action.
TITLE_WORDS = {"fr": ("parrainage", "parrainage", "sections/2-partnership.html", "PAR_04"),
               "es": ("patrocinio", "patrocinio", "sections/2-partnership.html", "PAR_04"),
               "ar": ("الرعاية", "رعاية", "sections/2-partnership.html", "PAR_04"),
               "zh": ("赞助", "设立赞助方案", "sections/2-partnership.html", "PAR_04"),
               "ru": ("спонсорская", "спонсорской", "sections/2-partnership.html", "PAR_04")}


@pytest.mark.parametrize("code", published_languages())
def test_the_site_search_finds_an_action_by_a_word_of_its_title_in_each_language(
        base_url: str, visit: Visit, language_sites: dict[str, Build], code: str) -> None:
    word, in_title, page, action = TITLE_WORDS[code]
    assert in_title in language_sites[code].needs[action]["title"].lower()
    visit.page.goto(f"{base_url}{code}/search.html?q={word}", wait_until="load")
    results = visit.page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.startswith(page) for h in hrefs), hrefs


def test_a_click_leads_from_an_action_to_its_article_and_back(base_url: str, visit: Visit) -> None:
    page = visit.page
    page.goto(base_url + "sections/4-stockpile-destruction.html", wait_until="load")
    action = page.locator("table.need#STK_05, #STK_05").first
    action.locator("a", has_text="(ART_03)").first.click()
    page.wait_for_url(re.compile(r"needs/articles\.html#ART_03$"))
    trace = page.locator("xpath=//*[@id='ART_03']/ancestor::div[contains(@class, 'need_container')]"
                         "/following-sibling::div[contains(@class, 'plan-trace')][1]")
    trace.locator("a.plan-need-link", has_text="STK_05").first.click()
    page.wait_for_url(re.compile(r"sections/4-stockpile-destruction\.html#STK_05$"))
    assert page.locator("#STK_05").first.is_visible()


def serious_accessibility_violations(page: Page) -> str:
    """axe's serious and critical findings on the page as it is now, one a line ("" if none)."""
    options = {"resultTypes": ["violations"],
               "rules": {rule: {"enabled": False} for rule in AXE_DISABLED}}
    results = Axe().run(page, options=options)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                     f"{[n['target'] for n in v['nodes']][:3]}" for v in serious)


@pytest.mark.parametrize("name", [f"{folder}{page}" for folder in ["", *(f"{c}/" for c in published_languages())]
                                  for page in ("index.html", "sections/6-victim-assistance.html",
                                               "traceability/matrix.html")])
def test_no_serious_accessibility_violation(base_url: str, visit: Visit, name: str) -> None:
    visit.page.goto(base_url + name, wait_until="load")
    show_everything_and_render_diagrams(visit.page)
    report = serious_accessibility_violations(visit.page)
    assert not report, f"{name}:\n{report}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / (name.replace("/", "_") + ".png"), full_page=True)


#: Each node of the page's graph: the action ID mermaid names it by, its label's text,
#: the label's font size as drawn on the screen (computed size times the SVG's scale,
#: so a graph shrunk to fit its column shows here), and where the node links to.
GRAPH_NODES_JS = """svg => [...svg.querySelectorAll('g.node')].map(node => {
    const label = node.querySelector('.nodeLabel') || node.querySelector('text');
    const m = (label.closest('foreignObject') || label).getScreenCTM();
    const link = node.closest('a');
    const href = link && (link.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || link.getAttribute('href'));
    return {id: (node.id.match(/^flowchart-(.+)-\\d+$/) || [null, node.id])[1],
            text: label.textContent,
            px: parseFloat(getComputedStyle(label).fontSize) * Math.hypot(m.a, m.b),
            href: href ? new URL(href, document.baseURI).href : null};
})"""


@pytest.mark.parametrize("folder", ["", "ar/"])  # English, and Arabic in a right-to-left page
@pytest.mark.parametrize("device", WIDTHS)
def test_the_largest_sequencing_graph_is_readable_on_desktop_and_phone(
        base_url: str, visit: Visit, needs: dict, device: str, folder: str) -> None:
    """The section with the most sequenced steps: every step's text is drawn at least
    LEAST_TEXT_PX high without zooming, each step links to its action, and on a phone
    the graph scrolls sideways in its own box (reachable by keyboard) while the page
    does not."""
    def steps(section: dict) -> list[dict]:
        return live([needs[a] for a in section["section_back"] if needs[a]["type"] == "action"])

    section = max((n for n in needs.values() if n["type"] == "section"),
                  key=lambda s: (len(steps(s)), sum(len(a["follows"]) for a in steps(s))))
    actions = {a["id"]: a for a in steps(section)}
    name = f"{folder}traceability/sequencing/{section['docname'].split('/')[-1]}.html"
    width = WIDTHS[device]
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + name, wait_until="load")
    assert show_everything_and_render_diagrams(page) == 1, name
    page.wait_for_function("n => document.querySelectorAll('.plan-diagram pre.mermaid > svg g.node').length >= n",
                           arg=len(actions), timeout=MERMAID_TIMEOUT_MS)

    drawn = page.locator(".plan-diagram pre.mermaid > svg").first.evaluate(GRAPH_NODES_JS)
    assert sorted(node["id"] for node in drawn) == sorted(actions), f"{name}: the graph's nodes"
    small = [f"{n['id']}: {n['px']:.1f}px" for n in drawn if n["px"] < LEAST_TEXT_PX]
    assert not small, f"{name} at {width}px: node text smaller than {LEAST_TEXT_PX}px: {small}"
    for node in drawn:
        assert node["id"] in node["text"], node
        action = actions[node["id"]]
        assert node["href"] == f"{base_url}{folder}{action['docname']}.html#{action['id']}", node

    # the page never scrolls sideways; the graph's own box does, and takes the focus
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}px"
    box = page.locator(".plan-diagram").first
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = f"sequencing_{folder.strip('/') or 'en'}_{device}_{width}"
    page.screenshot(path=SCREENSHOTS / f"{shot}.png", full_page=True)
    box.screenshot(path=SCREENSHOTS / f"{shot}_graph.png")
    report = serious_accessibility_violations(page)
    assert not report, f"{name} at {width}px:\n{report}"


def test_a_script_injected_into_a_page_is_blocked(base_url: str, visit: Visit, site: Build) -> None:
    """As if a page had been tampered with on its way to the reader: the page's own
    policy stops the script, while the site's own scripts still run."""
    html = (site.outdir / "index.html").read_text(encoding="utf-8")
    injected = html.replace("</body>", "<script>window.__injected = true;</script></body>")
    visit.page.route(base_url + "index.html",
                     lambda route: route.fulfill(status=200, content_type="text/html", body=injected))
    visit.page.goto(base_url + "index.html", wait_until="load")
    assert visit.page.evaluate("window.__injected === undefined")
    assert any("Content Security Policy" in e for e in visit.errors), visit.errors
    # the theme's own inline script ran: it sets the colour scheme on <body>
    assert visit.page.evaluate("document.body.dataset.theme !== undefined")


def test_the_browser_stems_arabic_as_the_index_does(base_url: str, visit: Visit,
                                                    language_sites: dict[str, Build]) -> None:
    """Every Arabic word of the plan's titles: the search page's stemmer (JavaScript)
    gives the stem the index was built with (Python), or a query would miss it."""
    from extensions.arabic_search import stem

    words = sorted({word for need in language_sites["ar"].needs.values()
                    for word in re.findall(r"\w+", need["title"]) if re.search("[\u0621-\u064a]", word)})
    assert len(words) > 300
    visit.page.goto(f"{base_url}ar/search.html", wait_until="load")
    in_browser = visit.page.evaluate("words => words.map(w => new Stemmer().stemWord(w.toLowerCase()))", words)
    assert {w: s for w, s in zip(words, in_browser) if s != stem(w)} == {}


@pytest.mark.parametrize("code, letters", [("zh", "缔约国会议"), ("ar", "اتفاقية"), ("ru", "Конвенция")])
def test_each_script_is_drawn_with_the_installed_fonts(base_url: str, visit: Visit,
                                                       language_sites: dict[str, Build], code: str, letters: str) -> None:
    """With no font for a script, the browser draws every letter as the same empty box:
    each letter, drawn alone in the page's own font, must look different from the others."""
    visit.page.goto(f"{base_url}{code}/index.html", wait_until="load")
    visit.page.evaluate("""letters => { const box = document.createElement('div');
        box.id = 'plan-glyphs'; box.style.cssText = 'font-size:48px;line-height:1';
        for (const c of letters) { const s = document.createElement('span'); s.textContent = c; box.append(s, ' '); }
        document.querySelector('article').prepend(box); }""", [*dict.fromkeys(letters.replace("ة", "ه"))][:4])
    spans = visit.page.locator("#plan-glyphs span")
    drawn = [spans.nth(i).screenshot() for i in range(spans.count())]
    distinct = len(set(drawn))
    assert len(drawn) >= 3 and distinct == len(drawn), f"{code}: {len(drawn)} letters drawn as {distinct} (no font?)"
