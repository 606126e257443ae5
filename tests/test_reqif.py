"""plan.reqif, the plan as ReqIF 1.2 for requirement tools (extensions/reqif_export.py).

Read back with the reqif package's own parser, every need agrees with needs.json:
its type, ID, title, text, every field of its type and every link, in English and in
every published language. The file is valid against the ReqIF 1.2 schema, loaded from
local files only. Its specifications follow the plan, and every object is in one.
Its dates are the day the release was recorded, never the build's clock.

Two builds give the same plan.reqif byte for byte: tests/test_reproducible_builds.py
compares every file of two clean builds (and of a rebuild after an edit), this one too."""

from __future__ import annotations

import io
import json
import re
import socket
import sys
import tomllib
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from lxml import etree
from reqif.parser import ReqIFParser
from reqif.reqif_bundle import ReqIFBundle
from reqif.unparser import ReqIFUnparser

import release
from conftest import PROJECT, Build, build, by_type, plan_from_root, published_languages
from extensions.reqif_export import FILE, release_day, write_streamed

MODEL = tomllib.loads((PROJECT / "needs" / "model.toml").read_text(encoding="utf-8"))["needs"]
#: The fields every type has (those the model gives a schema: status).
SHARED_FIELDS = {name: field for name, field in MODEL["fields"].items() if "schema" in field}
XHTML = "{http://www.w3.org/1999/xhtml}"
SCHEMA_FOLDER = Path(sys.modules["reqif"].__file__).parent / "reqif_schema"
#: The xml and XML Schema namespaces' own schemas, which xmlschema ships (never fetched).
XMLSCHEMA_FOLDER = Path(xmlschema.__file__).parent / "schemas"


def fields_of(need_type: str) -> dict[str, dict]:
    """Every field of a need type, as the model declares them: the shared ones first."""
    return {**SHARED_FIELDS, **MODEL["types"][need_type].get("fields", {})}


def links_of(need_type: str) -> list[str]:
    return list(MODEL["types"][need_type].get("links", {}))


def read(path: Path) -> ReqIFBundle:
    """The file parsed by the reqif library (once per version of the file: no test
    changes a bundle it reads)."""
    return parsed(str(path), path.stat().st_mtime_ns, path.stat().st_size)


@cache
def parsed(path: str, modified: int, size: int) -> ReqIFBundle:
    return ReqIFParser.parse(path)


def file_needs(bundle: ReqIFBundle) -> dict[str, dict]:
    """Every SPEC-OBJECT of the file as a need: its type (the model's type whose title
    names its SPEC-OBJECT-TYPE), ID, title, text, fields and links, decoded from the
    file alone."""
    content = bundle.core_content.req_if_content
    type_of = {t["title"]: name for name, t in MODEL["types"].items()}
    definitions, object_types, relation_names = {}, {}, {}
    for spec_type in content.spec_types:
        for definition in getattr(spec_type, "attribute_definitions", None) or []:
            definitions[definition.identifier] = definition
        if type(spec_type).__name__ == "ReqIFSpecObjectType":
            object_types[spec_type.identifier] = type_of[spec_type.long_name]
        if type(spec_type).__name__ == "ReqIFSpecRelationType":
            relation_names[spec_type.identifier] = spec_type.long_name
    found = {}
    for spec_object in content.spec_objects:
        need_type = object_types[spec_object.spec_object_type]
        need = {"type": need_type, "identifier": spec_object.identifier}
        for attribute in spec_object.attributes:
            definition = definitions[attribute.definition_ref]
            need[definition.long_name] = decoded(bundle, need_type, definition, attribute)
        found[spec_object.identifier] = need
    for relation in content.spec_relations:
        link = relation_names[relation.relation_type_ref]
        found[relation.source].setdefault(link, []).append(relation.target)
    return found


def decoded(bundle: ReqIFBundle, need_type: str, definition, attribute) -> object:
    """An attribute's value as needs.json would hold it."""
    kind, name = attribute.attribute_type.name, definition.long_name
    if kind == "XHTML":
        [division] = attribute.xml_node.find("THE-VALUE")
        assert division.tag == f"{XHTML}div" and all(p.tag == f"{XHTML}p" for p in division), name
        return "\n\n".join("".join(p.itertext()) for p in division)
    if kind == "INTEGER":
        return int(attribute.value)
    if kind == "ENUMERATION":
        names = {v.identifier: v.long_name for v in bundle.lookup.get_data_type_by_ref(
            definition.datatype_definition).values}
        [value] = [names[ref] for ref in attribute.value]
        return json.loads(value) if fields_of(need_type)[name]["schema"].get("type") == "boolean" else value
    return attribute.value


def expected_need(need: dict) -> dict:
    """What the file must say of a need, from needs.json and the model alone. A field
    without a value has no value in the file; an empty text has none either."""
    title = "ReqIF.ChapterName" if need["type"] == "section" else "ReqIF.Name"
    expected = {"type": need["type"], "identifier": need["id"], "ReqIF.ForeignID": need["id"],
                title: need["title"]}
    if need["content"]:
        expected["ReqIF.Text"] = need["content"]
    expected.update({f: need[f] for f in fields_of(need["type"]) if need[f] is not None})
    expected.update({link: need[link] for link in links_of(need["type"]) if need[link]})
    return expected


def differences(found: dict[str, dict], needs: dict[str, dict]) -> list[str]:
    """Every way the file's needs differ from needs.json's: a need missing or extra, a
    value or a link different, missing or extra."""
    problems = [f"{i}: not in the file" for i in sorted(set(needs) - set(found))]
    problems += [f"{i}: not in needs.json" for i in sorted(set(found) - set(needs))]
    for need_id in sorted(set(found) & set(needs)):
        wanted, got = expected_need(needs[need_id]), found[need_id]
        for key in sorted(set(wanted) | set(got)):
            if wanted.get(key) != got.get(key):
                problems.append(f"{need_id}.{key}: the file says {got.get(key)!r}, needs.json {wanted.get(key)!r}")
    return problems


def assert_agrees(outdir: Path, needs: dict[str, dict]) -> None:
    problems = differences(file_needs(read(outdir / FILE)), needs)
    assert problems == [], f"{len(problems)} differences, the first: {problems[:10]}"


# -- the file agrees with needs.json -----------------------------------------------


def test_every_need_field_and_link_agrees_with_needs_json(site: Build, needs: dict) -> None:
    # every type of the model but progress records (no meeting has reviewed the plan yet)
    assert {n["type"] for n in needs.values()} | {"progress"} == set(MODEL["types"])
    assert_agrees(site.outdir, needs)


@pytest.mark.builds
@pytest.mark.parametrize("code", published_languages())
def test_each_language_s_file_agrees_with_its_needs_json_and_is_valid(
        language_sites: dict[str, Build], code: str, schema: xmlschema.XMLSchema, site: Build) -> None:
    built = language_sites[code]
    assert_agrees(built.outdir, built.needs)
    assert list(schema.iter_errors(str(built.outdir / FILE))) == []
    # in the language: its title, and the texts a reader reads, not the English ones
    bundle, english = read(built.outdir / FILE), read(site.outdir / FILE)
    assert bundle.namespace_info.language == code
    assert bundle.req_if_header.title != english.req_if_header.title
    page = etree.parse(str(built.outdir / "index.html"), etree.HTMLParser())
    assert bundle.req_if_header.title in page.findtext(".//title")
    assert file_needs(bundle)["UNI_01"]["ReqIF.Name"] != file_needs(english)["UNI_01"]["ReqIF.Name"]
    # the same objects, types, attribute names and relation types in every language
    assert structure(bundle) == structure(english)


def structure(bundle: ReqIFBundle) -> dict:
    """What a tool maps a file by: its types, their attribute names, its relation types,
    its objects and relations by identifier, and the specifications' trees."""
    content = bundle.core_content.req_if_content
    return {"types": [(t.identifier, t.long_name, [(d.identifier, d.long_name) for d in
                                                   getattr(t, "attribute_definitions", None) or []])
                      for t in content.spec_types],
            "objects": [o.identifier for o in content.spec_objects],
            "relations": [(r.identifier, r.source, r.target) for r in content.spec_relations],
            "trees": {s.identifier: tree(s.children) for s in content.specifications}}


def tree(children) -> list:
    return [(h.spec_object, tree(h.children)) for h in children or []]


def test_the_english_file_carries_the_plan_s_title_and_language(site: Build) -> None:
    bundle = read(site.outdir / FILE)
    assert bundle.namespace_info.namespace == "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
    assert bundle.namespace_info.language == "en"
    assert bundle.req_if_header.title == "Vientiane Action Plan — draft"
    assert bundle.req_if_header.req_if_version == "1.0"  # what every ReqIF 1.x file says


def test_the_comparison_finds_a_changed_title_field_or_link_and_a_missing_need(
        site: Build, needs: dict, tmp_path: Path) -> None:
    """The comparison can fail: on a copy of the file with a title, a field and a link
    changed, a link and a need taken out, it reports each of them."""
    text = (site.outdir / FILE).read_text(encoding="utf-8")
    title = needs["UNI_01"]["title"]
    tampered = within(text, "SPEC-OBJECT", "UNI_01", f'THE-VALUE="{title}"', 'THE-VALUE="Another title"')
    tampered = within(tampered, "SPEC-OBJECT", "SEC_IMP", 'THE-VALUE="8"', 'THE-VALUE="9"')
    tampered = within(tampered, "SPEC-RELATION", "UNI_01-owner-ACTOR_PRESIDENCY",
                      "<SPEC-OBJECT-REF>ACTOR_PRESIDENCY<", "<SPEC-OBJECT-REF>ACTOR_SIGNATORIES<")
    tampered = within(tampered, "SPEC-RELATION", "UNI_01-horizon-MSP_2", None, "")
    tampered = within(tampered, "SPEC-OBJECT", "ART_23", None, "")
    tampered = within(tampered, "SPEC-HIERARCHY", "hierarchy-ART_23", None, "")
    assert tampered.count("<SPEC-OBJECT ") == text.count("<SPEC-OBJECT ") - 1
    copy = tmp_path / FILE
    copy.write_text(tampered, encoding="utf-8")
    problems = differences(file_needs(read(copy)), needs)
    assert "UNI_01.ReqIF.Name: the file says 'Another title', needs.json " + repr(title) in problems
    assert "SEC_IMP.number: the file says 9, needs.json 8" in problems
    assert ("UNI_01.owner: the file says ['ACTOR_SIGNATORIES', 'ACTOR_SIGNATORIES'], "
            "needs.json ['ACTOR_PRESIDENCY', 'ACTOR_SIGNATORIES']") in problems
    assert "UNI_01.horizon: the file says None, needs.json ['MSP_2']" in problems
    assert "ART_23: not in the file" in problems
    assert len(problems) == 5, problems


def within(text: str, element: str, identifier: str, old: str | None, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` inside the element of that identifier
    (the whole element, if ``old`` is None); fails if there is nothing to replace."""
    found = re.search(rf'<{element} IDENTIFIER="{identifier}".*?</{element}>\n', text, flags=re.S)
    assert found, identifier
    part = found.group(0)
    assert old is None or old in part, (identifier, old)
    changed = new if old is None else part.replace(old, new, 1)
    return text[:found.start()] + changed + text[found.end():]


# -- valid ReqIF 1.2, checked offline ----------------------------------------------


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    """The ReqIF 1.2 schema the reqif package ships, with the XHTML modules it imports,
    loaded from local files only: any attempt to reach the network fails the test."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the schema tried to reach the network: {args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", no_network)
        patch.setattr(socket, "create_connection", no_network)
        loaded = xmlschema.XMLSchema(str(SCHEMA_FOLDER / "reqif.xsd"), allow="local")
    urls = {part.url for part in loaded.maps.iter_schemas()}
    outside = [u for u in urls if not any(u.startswith(folder.as_uri() + "/")
                                          for folder in (SCHEMA_FOLDER, XMLSCHEMA_FOLDER))]
    assert outside == [], f"schemas loaded from elsewhere: {outside}"
    # the XHTML modules are the reqif package's copies, under their w3.org path
    assert any("/www.w3.org/TR/xhtml-modularization/SCHEMA/xhtml-text-1.xsd" in u for u in urls)
    return loaded


def test_the_file_is_valid_reqif_1_2(site: Build, schema: xmlschema.XMLSchema) -> None:
    errors = list(schema.iter_errors(str(site.outdir / FILE)))
    assert errors == [], [e.reason for e in errors[:5]]


def test_the_schema_rejects_a_broken_file(site: Build, schema: xmlschema.XMLSchema, tmp_path: Path) -> None:
    """The validation reads the XHTML text and the required dates too. The plan's file cut
    down to one action (UNI_01), with its types and specifications (not their children)
    and no relations, is valid; each break of it is not, for the reason broken."""
    tree = etree.parse(str(site.outdir / FILE))
    namespace = {"r": etree.QName(tree.getroot()).namespace}
    for element in tree.xpath("//r:SPEC-OBJECT[@IDENTIFIER != 'UNI_01'] | //r:SPEC-RELATION"
                              " | //r:SPECIFICATION/r:CHILDREN", namespaces=namespace):
        element.getparent().remove(element)
    text = etree.tostring(tree, encoding="unicode")
    copy = tmp_path / FILE
    copy.write_text(text, encoding="utf-8")
    assert [e.reason for e in schema.iter_errors(str(copy))] == []
    for broken, reason in (
            (text.replace("<xhtml:p>", "<xhtml:blink>", 1).replace("</xhtml:p>", "</xhtml:blink>", 1), "xhtml:blink"),
            (re.sub(r'(<SPEC-OBJECT IDENTIFIER="UNI_01") LAST-CHANGE="[^"]*"', r"\1", text, count=1), "LAST-CHANGE")):
        assert broken != text
        copy.write_text(broken, encoding="utf-8")
        assert any(reason in (e.reason or "") for e in schema.iter_errors(str(copy))), reason


def test_the_file_written_element_by_element_is_the_library_s_own_text(site: Build) -> None:
    """extensions/reqif_export.py writes the library's text of the plan in pieces, to keep a
    large plan's build in memory: the pieces must join into exactly what the library writes
    in one string (its spec objects and relations spliced in where its lists close)."""
    bundle = read(site.outdir / FILE)
    whole = ReqIFUnparser.unparse(bundle)
    pieces = io.StringIO()
    write_streamed(bundle, pieces)
    assert pieces.getvalue() == whole
    content = bundle.core_content.req_if_content  # the bundle is left as it was
    assert len(content.spec_objects) == whole.count("<SPEC-OBJECT ")
    assert len(content.spec_relations) == whole.count("<SPEC-RELATION ")
    assert whole.count("<SPEC-OBJECT ") > 250 and whole.count("<SPEC-RELATION ") > 700


def test_every_text_fits_its_declared_length(site: Build) -> None:
    bundle = read(site.outdir / FILE)
    limits = {d.identifier: int(d.max_length) for d in bundle.core_content.req_if_content.data_types
              if type(d).__name__ == "ReqIFDataTypeDefinitionString"}
    definitions = {d.identifier: d.datatype_definition for t in bundle.core_content.req_if_content.spec_types
                   for d in getattr(t, "attribute_definitions", None) or []}
    too_long = [(o.identifier, a.definition_ref) for o in bundle.core_content.req_if_content.spec_objects
                for a in o.attributes if a.attribute_type.name == "STRING"
                and len(a.value) > limits[definitions[a.definition_ref]]]
    assert limits and too_long == []


# -- the specifications follow the plan ------------------------------------------------


def test_one_specification_per_section_then_the_reference(site: Build, needs: dict) -> None:
    """Each section's specification holds the section, its actions beneath it in plan
    order (ended ones too), and each action's indicators and progress records beneath the action; the
    reference objects have a specification of their own; every object is in exactly one
    place."""
    specifications = read(site.outdir / FILE).core_content.req_if_content.specifications
    sections = sorted(by_type(needs, "section"), key=lambda s: s["number"])
    assert len(specifications) == len(sections) + 1
    for specification, section in zip(specifications, sections):
        assert specification.long_name == f"{section['number']}. {section['title']}"
        [(head, actions)] = tree(specification.children)
        assert head == section["id"]
        in_section = sorted(a["id"] for a in by_type(needs, "action") if a["section"] == [section["id"]])
        assert [a for a, _ in actions] == in_section, section["id"]
        for action, beneath in actions:
            # its indicators, then its progress records meeting by meeting (once meetings have reviewed it)
            records = sorted(needs[action]["action_back"], key=lambda r: int(needs[needs[r]["meeting"][0]]["sequence"]))
            assert [i for i, _ in beneath] == sorted(needs[action]["measures_back"]) + records, action
            assert all(children == [] for _, children in beneath)
    reference = specifications[-1]
    assert reference.long_name == "Reference"
    wanted = ([a["id"] for a in sorted(by_type(needs, "article"), key=lambda a: a["number"])]
              + [a["id"] for a in by_type(needs, "actor")]
              + [m["id"] for m in sorted(by_type(needs, "meeting"), key=lambda m: m["sequence"])])
    assert tree(reference.children) == [(i, []) for i in wanted]
    placed = [i for s in specifications for i in flatten(tree(s.children))]
    assert sorted(placed) == sorted(needs), "every object in exactly one place"


def flatten(nodes: list) -> list[str]:
    return [i for node, children in nodes for i in [node, *flatten(children)]]


def test_the_introduction_has_its_specification_without_actions(site: Build, needs: dict) -> None:
    [introduction] = [s for s in by_type(needs, "section") if not s["section_back"]]
    specifications = read(site.outdir / FILE).core_content.req_if_content.specifications
    [found] = [s for s in specifications if tree(s.children)[0][0] == introduction["id"]]
    assert tree(found.children) == [(introduction["id"], [])]


# -- dated by the release, never by the clock ---------------------------------------------


def dates_in(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    found = {e.get("LAST-CHANGE") for e in root.iter() if e.get("LAST-CHANGE") is not None}
    return found | {e.text for e in root.iter("{*}CREATION-TIME")}


def test_every_date_is_the_day_the_release_was_recorded(site: Build) -> None:
    from conf import release as named  # the release this build names (conf.py)

    record = PROJECT / "releases" / named.lower() / "release.toml"
    day = tomllib.loads(record.read_text(encoding="utf-8"))["recorded"]
    assert dates_in(site.outdir / FILE) == {f"{day.isoformat()}T00:00:00Z"}


def record(root: Path, name: str, day: str) -> None:
    folder = root / "releases" / name
    folder.mkdir(parents=True)
    (folder / "release.toml").write_text(f"recorded = {day}\n", encoding="utf-8")


def test_the_release_the_build_names_dates_the_file_else_the_latest(tmp_path: Path) -> None:
    assert release_day(tmp_path, "draft-1MSP") is None
    record(tmp_path, "draft-1msp", "2026-11-27")
    record(tmp_path, "draft-2msp", "2027-06-01")
    (tmp_path / "releases" / "undated").mkdir()  # a release recorded before releases had a day
    assert release_day(tmp_path, "draft-1MSP") == ("draft-1msp", date(2026, 11, 27))
    assert release_day(tmp_path, "draft-3MSP") == ("draft-2msp", date(2027, 6, 1))


@pytest.mark.builds
def test_a_recorded_release_dates_the_file_and_progress_sits_beneath_its_action(tmp_path: Path) -> None:
    """On a plan with progress records: with no release recorded, no file is written
    (there is no day to date it by); `make release` records the day, and the file
    carries it, every progress record beneath its action, meeting by meeting."""
    plan = plan_from_root("monitoring-plan", tmp_path / "src")
    before = build(plan, tmp_path / "before")
    assert before.returncode == 0, before.log
    assert not (before.outdir / FILE).exists()
    assert f"{FILE} not written: no release in releases/ records its day" in before.log

    earlier = datetime.now(timezone.utc).date()
    release.main("today-release", root=plan)
    later = datetime.now(timezone.utc).date()
    recorded = tomllib.loads((plan / "releases" / "today-release" / "release.toml").read_text(encoding="utf-8"))
    assert recorded["recorded"] in (earlier, later)
    release.main("later-release", root=plan, today=date(2031, 5, 6))

    after = build(plan, tmp_path / "after")
    assert after.returncode == 0, after.log
    assert dates_in(after.outdir / FILE) == {"2031-05-06T00:00:00Z"}  # the latest: the build names neither
    assert_agrees(after.outdir, after.needs)
    needs = after.needs
    records = by_type(needs, "progress")
    assert records
    specifications = read(after.outdir / FILE).core_content.req_if_content.specifications
    beneath = {action: [i for i, _ in children] for s in specifications
               for _, actions in tree(s.children) for action, children in actions}
    for action, children in beneath.items():
        own = sorted((r for r in records if r["action"] == [action]),
                     key=lambda r: needs[r["meeting"][0]]["sequence"])
        assert children == sorted(needs[action]["measures_back"]) + [r["id"] for r in own], action
