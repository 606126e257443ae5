"""The real site builds strictly and publishes its data."""

import json
import re

import pytest

from conftest import PROJECT, Build, published_languages


@pytest.mark.builds  # make check runs the strict build itself and stops on a warning
def test_site_builds_without_any_warning(site: Build) -> None:
    assert site.returncode == 0
    assert "WARNING" not in site.log and "ERROR" not in site.log, site.log
    assert "build succeeded" in site.log


def test_needs_json_is_published_and_linked_from_every_page(site: Build) -> None:
    assert (site.outdir / "needs.json").is_file()
    for page in ["index.html", "sections/3-universalisation.html", "needs/articles.html"]:
        html = (site.outdir / page).read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*needs\.json)"', html)
        assert links, f"{page} has no link to needs.json"
        target = (site.outdir / page).parent / links[0]
        assert target.resolve() == (site.outdir / "needs.json").resolve()


def test_needs_json_is_reproducible(site: Build) -> None:
    """No build time in the export, and the plan's version is named."""
    data = json.loads((site.outdir / "needs.json").read_text(encoding="utf-8"))
    assert data["current_version"] == "draft-1MSP"
    assert "created" not in data
    assert all("created" not in version for version in data["versions"].values())


def test_every_id_written_in_the_sources_is_in_needs_json(needs: dict) -> None:
    """Nothing a contributor wrote is silently dropped from the export."""
    written = set()
    # every page that can hold needs: sections and their continuation folders,
    # the reference objects, the meetings' progress records
    for path in [*PROJECT.glob("sections/**/*.md"), *PROJECT.glob("needs/*.md"), *PROJECT.glob("monitoring/*.md")]:
        written |= set(re.findall(r"^:id:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.M))
    assert written, "no IDs found in the sources"
    assert written == set(needs)


def test_a_yes_no_field_reads_yes_or_no(site: Build) -> None:
    """An article's box says whether it carries obligations in words, not as Python's True."""
    html = (site.outdir / "needs" / "articles.html").read_text(encoding="utf-8")
    boxes = dict(re.findall(r'<table class="need [^"]*" id="([A-Z0-9_]+)">(.*?)</table>', html, re.S))
    assert "Carries obligations for States Parties: </span>yes</span>" in boxes["ART_01"]
    assert not re.search(r">(True|False)<", html)


def test_need_boxes_carry_no_markup_that_shows_nothing(site: Build) -> None:
    """Page weight: no empty field line or content row, no bare <span>, no tooltip
    repeating the box's own ID; every field value and link is still there."""
    html = (site.outdir / "sections" / "3-universalisation.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<table class="need [^"]*" id="([A-Z0-9_]+)">(.*?)</table>', html, re.S)
    assert len(boxes) > 10
    for need_id, box in boxes:
        assert not re.search(r'<div class="line">\s*(<span>\s*</span>)?\s*</div>', box), need_id
        assert f'title="{need_id}"' not in box, need_id
        assert '<td class="need content" colspan="1"></td>' not in box, need_id
        assert "<span>" not in box, need_id
    uni_05 = dict(boxes)["UNI_05"]
    assert 'Status: </span><span class="needs_data plan-badge plan-badge-draft">draft' in uni_05
    assert 'href="../needs/actors.html#ACTOR_JAPAN"' in uni_05 and "Due by:" in uni_05
    indicator = dict(boxes)["UNI_05_I1"]
    assert "Baseline: " in indicator and 'href="#UNI_05"' in indicator


def test_no_page_points_to_an_empty_index(site: Build) -> None:
    """The plan has no index entries: Sphinx's general index would be an empty "Index"
    page that every page links to in its head. No page links to one (conf.py turns it
    off; a genindex.html an older build left in the folder is linked from nowhere). The
    languages' folders are builds of their own."""
    others = set(published_languages())
    linking = [str(p.relative_to(site.outdir)) for p in site.outdir.rglob("*.html")
               if p.relative_to(site.outdir).parts[0] not in others
               and p.name != "genindex.html" and "genindex" in p.read_text(encoding="utf-8")]
    assert linking == []
