"""The plan as ReqIF 1.2 (``plan.reqif``), for requirement tools: DOORS, Polarion,
StrictDoc. Written next to needs.json when the HTML site is built, in the build's
language, with the ``reqif`` package (the one StrictDoc uses): its models, written
by its unparser.

What the file holds, all read from the need model (needs/model.toml), never from a
list kept here:

- one SPEC-OBJECT-TYPE per need type, and one SPEC-OBJECT per need, whose IDENTIFIER
  is the need's ID (IDs never change meaning, so a tool can merge a later file into
  an earlier import). Its values: ``ReqIF.ForeignID`` (the ID again, the attribute
  tools show), ``ReqIF.Name`` (the title; ``ReqIF.ChapterName`` for a plan section,
  which heads a chapter), ``ReqIF.Text`` (the need's text, one XHTML paragraph per
  paragraph of the source, each paragraph's text exactly as needs.json has it), then
  the shared fields (status) and every field of the type, typed as the model types
  it: integer, boolean, one of a list (an enumeration) or text. A field without a
  value has no value in the file. These standard names (the ReqIF Implementation
  Guide's) let requirement tools map the file without configuration;
- one SPEC-RELATION-TYPE per link of the model (owner, article, horizon ...), and one
  SPEC-RELATION per link from a need to a need, from the need to its target;
- one SPECIFICATION per plan section (the introduction too): the section, then its
  actions in plan order beneath it (retired and superseded ones too: their IDs stay
  citable), then each action's indicators and progress records beneath it; and one
  SPECIFICATION, "Reference", for the articles, actors and meetings. Every
  SPEC-OBJECT is in one of them.

The names of the file's types, attributes and relation types are the model's own
(codes, like needs.json's keys), the same in every language; the titles, texts and
translated fields are in the build's language.

The same sources give the same bytes: identifiers are made from IDs, and the file
holds no time from the clock. Its CREATION-TIME and every LAST-CHANGE are the day
the plan's release was recorded (``releases/<name>/release.toml``, written by
``tools/release.py``): the release that conf.py's ``release`` names, or, if that
release has not been recorded, the latest recorded one, the release the working
draft builds on. A tree with no recorded release has no such day, and the file
is not written (the build says so)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reqif
import sphinx
import sphinx_needs
from reqif.models.reqif_core_content import ReqIFCoreContent
from reqif.models.reqif_data_type import (ReqIFDataTypeDefinitionEnumeration,
                                          ReqIFDataTypeDefinitionInteger, ReqIFDataTypeDefinitionString,
                                          ReqIFDataTypeDefinitionXHTML, ReqIFEnumValue)
from reqif.models.reqif_namespace_info import ReqIFNamespaceInfo
from reqif.models.reqif_req_if_content import ReqIFReqIFContent
from reqif.models.reqif_reqif_header import ReqIFReqIFHeader
from reqif.models.reqif_spec_hierarchy import ReqIFSpecHierarchy
from reqif.models.reqif_spec_object import ReqIFSpecObject, SpecObjectAttribute
from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType, SpecAttributeDefinition
from reqif.models.reqif_spec_relation import ReqIFSpecRelation
from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
from reqif.models.reqif_specification import ReqIFSpecification
from reqif.models.reqif_specification_type import ReqIFSpecificationType
from reqif.models.reqif_types import SpecObjectAttributeType as Kind
from reqif.object_lookup import ReqIFObjectLookup
from reqif.parsers.spec_object_parser import SpecObjectParser
from reqif.parsers.spec_relation_parser import SpecRelationParser
from reqif.reqif_bundle import ReqIFBundle
from reqif.unparser import ReqIFUnparser
from sphinx.application import Sphinx
from sphinx.util import logging

from . import languages
from .interface import _
from .plan import Need, Plan, short_name
from .releases import RELEASES
from .schema_report import fields as model_fields

logger = logging.getLogger(__name__)

FILE = "plan.reqif"
#: Where tools/release.py records the day of a release, in its folder of releases/.
RELEASE_RECORD = "release.toml"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
#: The ReqIF Implementation Guide's names for an object's ID, title (of a requirement,
#: of a chapter) and text: DOORS, Polarion and StrictDoc map them without configuration.
FOREIGN_ID, NAME, CHAPTER_NAME, TEXT = "ReqIF.ForeignID", "ReqIF.Name", "ReqIF.ChapterName", "ReqIF.Text"
#: The need type whose objects head the specifications (Plan.sections).
SECTION_TYPE = "section"
#: The longest text a STRING attribute may hold: the limit StrictDoc's own ReqIF export
#: declares. No title or field of the plan comes near it (tests/test_reqif.py).
STRING_MAX_LENGTH = 10000
#: The range of an integer field the model leaves open (ReqIF requires one): a 32-bit integer's.
INTEGER_RANGE = (-(2**31), 2**31 - 1)
REFERENCE_SPECIFICATION = "specification-reference"


@dataclass(frozen=True)
class Attribute:
    """One attribute of a SPEC-OBJECT-TYPE: where its value comes from in a need
    (``field``: "id", "title", "content" or a field of the model), and its ReqIF name
    (``name``), kind and datatype."""

    field: str
    name: str
    kind: Kind
    datatype: str
    identifier: str
    description: str | None = None


def release_day(srcdir: Path, release: str) -> tuple[str, date] | None:
    """The recorded release this build's file is dated by, and the day it was recorded:
    the release named ``release`` (release folders are named in lower case,
    tools/release.py), else the latest recorded one; None if no release records its day."""
    recorded = {}
    for record in sorted((srcdir / RELEASES).glob(f"*/{RELEASE_RECORD}")):
        with record.open("rb") as handle:
            day = tomllib.load(handle).get("recorded")
        if isinstance(day, date):
            recorded[record.parent.name] = day
    if release.lower() in recorded:
        return release.lower(), recorded[release.lower()]
    if recorded:
        name = max(recorded, key=lambda n: (recorded[n], n))
        return name, recorded[name]
    return None


def type_names(confdir: Path, config: Any) -> dict[str, str]:
    """Each need type's title as the model file writes it, in English ("Plan section"),
    whatever the build's language: the names of the file's types are the same in
    every language, as its attribute names are (config.needs_types holds the titles
    in the build's language, extensions/interface.py)."""
    with (confdir / config.needs_from_toml).open("rb") as handle:
        types = tomllib.load(handle)["needs"].get("types", {})
    return {name: declaration.get("title", name) for name, declaration in types.items()}


def timestamp(day: date) -> str:
    """A day as an xsd:dateTime: its start, in UTC (a release records its day only)."""
    return f"{day.isoformat()}T00:00:00Z"


def slug(text: str) -> str:
    """A piece of an XML identifier (xsd:ID) made from ``text``."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")


def paragraphs_of(text: str) -> list[str]:
    """A need's text as its paragraphs (separated by a blank line), each exactly as written."""
    return text.split("\n\n") if text else []


def choices_of(schema: dict) -> list[str]:
    """The values a field may take, as the file spells them, if the model fixes them: its
    enum, or true and false for a yes-or-no field. A yes-or-no field is an enumeration,
    not a BOOLEAN attribute: StrictDoc's importer (0.30.4) stops at a BOOLEAN attribute."""
    if "enum" in schema:
        return [code(value) for value in schema["enum"]]
    return ["true", "false"] if schema.get("type") == "boolean" else []


def code(value: Any) -> str:
    """A field's value as the file writes it: true and false as JSON writes them."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def xhtml(text: str) -> str:
    """``text`` as the XHTML value of ReqIF.Text: one paragraph element per paragraph.
    Line breaks inside a paragraph are kept (XHTML reads them as spaces, as Markdown does)."""
    body = "".join(f"<xhtml:p>{escape(paragraph)}</xhtml:p>" for paragraph in paragraphs_of(text))
    return f"<xhtml:div>{body}</xhtml:div>"


class ReqIFWriter:
    """The ReqIF bundle of one build's plan."""

    def __init__(self, plan: Plan, config: Any, text_of: Any, stamp: str, type_names: dict[str, str]) -> None:
        self.plan, self.config, self.text_of, self.stamp = plan, config, text_of, stamp
        self.types = {kind["directive"]: kind for kind in config.needs_types}
        self.type_names = type_names
        self.fields = model_fields(config)  # (type or "every", name, declaration)
        self.datatypes: dict[str, Any] = {}
        self.attributes = {name: self.attributes_of(name) for name in self.types}

    # -- the model: datatypes, types, attributes, relation types ---------------------

    def datatype(self, identifier: str, make: Any) -> str:
        if identifier not in self.datatypes:
            self.datatypes[identifier] = make()
        return identifier

    def field_datatype(self, owner: str, name: str, schema: dict) -> tuple[Kind, str]:
        """The kind and datatype of a model field: a shared field has one datatype, a
        type's own field its own (section and article numbers have different ranges)."""
        key = name if owner == "every" else f"{owner}.{name}"
        identifier = f"datatype-{slug(key)}"
        choices = choices_of(schema)
        if choices:
            values = [ReqIFEnumValue(identifier=f"value-{slug(key)}-{slug(choice)}", key=str(index),
                                     other_content="", long_name=choice, last_change=self.stamp)
                      for index, choice in enumerate(choices)]
            if len({v.identifier for v in values}) != len(values):
                raise ValueError(f"the values of {key} give the same ReqIF identifier twice: {choices}")
            return Kind.ENUMERATION, self.datatype(identifier, lambda: ReqIFDataTypeDefinitionEnumeration(
                identifier=identifier, long_name=key, last_change=self.stamp, values=values))
        if schema.get("type") == "integer":
            return Kind.INTEGER, self.datatype(identifier, lambda: ReqIFDataTypeDefinitionInteger(
                identifier=identifier, long_name=key, last_change=self.stamp,
                min_value=str(schema.get("minimum", INTEGER_RANGE[0])),
                max_value=str(schema.get("maximum", INTEGER_RANGE[1]))))
        return Kind.STRING, self.string_datatype()

    def string_datatype(self) -> str:
        return self.datatype("datatype-string", lambda: ReqIFDataTypeDefinitionString(
            identifier="datatype-string", long_name="string", last_change=self.stamp,
            max_length=str(STRING_MAX_LENGTH)))

    def attributes_of(self, need_type: str) -> list[Attribute]:
        """The ID, title and text of every need, then the shared fields, then the type's own."""
        xhtml_type = self.datatype("datatype-xhtml", lambda: ReqIFDataTypeDefinitionXHTML(
            identifier="datatype-xhtml", long_name="xhtml", last_change=self.stamp))
        title = CHAPTER_NAME if need_type == SECTION_TYPE else NAME
        found = [Attribute("id", FOREIGN_ID, Kind.STRING, self.string_datatype(), f"{need_type}.{FOREIGN_ID}"),
                 Attribute("title", title, Kind.STRING, self.string_datatype(), f"{need_type}.{title}"),
                 Attribute("content", TEXT, Kind.XHTML, xhtml_type, f"{need_type}.{TEXT}")]
        for owner, name, declaration in self.fields:
            if owner in ("every", need_type):
                kind, datatype = self.field_datatype(owner, name, declaration.get("schema", {}))
                found.append(Attribute(name, name, kind, datatype, f"{need_type}.{name}", declaration.get("description")))
        return found

    def links_of(self, need_type: str) -> list[str]:
        return list(self.types[need_type].get("links", {}))

    def spec_object_types(self) -> list[ReqIFSpecObjectType]:
        return [ReqIFSpecObjectType(
            identifier=f"type-{name}", long_name=self.type_names.get(name, name), description=kind["title"],
            last_change=self.stamp,
            attribute_definitions=[SpecAttributeDefinition(
                attribute_type=a.kind, identifier=a.identifier, datatype_definition=a.datatype, long_name=a.name,
                description=a.description, last_change=self.stamp,
                multi_valued=False if a.kind is Kind.ENUMERATION else None) for a in self.attributes[name]])
            for name, kind in self.types.items()]

    def relation_types(self) -> list[ReqIFSpecRelationType]:
        found: dict[str, ReqIFSpecRelationType] = {}
        for kind in self.types.values():
            for name, link in kind.get("links", {}).items():
                found.setdefault(name, ReqIFSpecRelationType(
                    identifier=f"link-{name}", long_name=name, description=link.get("description"),
                    last_change=self.stamp))
        return list(found.values())

    # -- the plan: objects, relations, specifications ---------------------------------

    def value(self, need: Need, attribute: Attribute) -> SpecObjectAttribute | None:
        raw = self.text_of(need) if attribute.field == "content" else need[attribute.field]
        if raw is None or (attribute.kind is Kind.XHTML and not raw):
            return None
        if attribute.kind is Kind.XHTML:
            value: str | list[str] = xhtml(raw)
        elif attribute.kind is Kind.ENUMERATION:
            datatype = self.datatypes[attribute.datatype]
            value = [v.identifier for v in datatype.values if v.long_name == code(raw)]
            if len(value) != 1:
                raise ValueError(f"{need['id']}.{attribute.field}: {raw!r} is not one of the model's values")
        else:
            value = code(raw)
        return SpecObjectAttribute(attribute_type=attribute.kind, definition_ref=attribute.identifier, value=value)

    def spec_objects(self) -> list[ReqIFSpecObject]:
        objects = []
        for need_id, need in sorted(self.plan.needs.items()):
            values = [self.value(need, a) for a in self.attributes[need["type"]]]
            objects.append(ReqIFSpecObject(identifier=need_id, spec_object_type=f"type-{need['type']}",
                                           attributes=[v for v in values if v is not None], last_change=self.stamp))
        return objects

    def relations(self) -> list[ReqIFSpecRelation]:
        found = []
        for need_id, need in sorted(self.plan.needs.items()):
            for link in self.links_of(need["type"]):
                for target in need[link]:
                    if target in self.plan.needs:
                        found.append(ReqIFSpecRelation(
                            identifier=f"{need_id}-{link}-{target}", relation_type_ref=f"link-{link}",
                            source=need_id, target=target, last_change=self.stamp))
        return found

    def node(self, need: Need, level: int, children: list[ReqIFSpecHierarchy] | None = None) -> ReqIFSpecHierarchy:
        return ReqIFSpecHierarchy(identifier=f"hierarchy-{need['id']}", spec_object=need["id"], level=level,
                                  children=children or None, last_change=self.stamp, editable=None,
                                  is_table_internal=None)

    def beneath(self, action: Need, placed: set[str]) -> list[Need]:
        """An action's indicators (by ID), then its progress records (meeting by meeting):
        an indicator of several actions is beneath the first of them in plan order."""
        plan = self.plan
        indicators = [plan.needs[i] for i in sorted(action["measures_back"])
                      if i in plan.needs and plan.needs[i]["type"] == "indicator" and i not in placed]
        return indicators + plan.monitoring.history(action)

    def specifications(self) -> list[ReqIFSpecification]:
        plan, placed = self.plan, set()
        found = []
        for section in plan.sections:
            actions = []
            for action in [a for a in plan.placed_actions if plan.section_id(a) == section["id"]]:
                under = self.beneath(action, placed)
                placed.update([action["id"], *(n["id"] for n in under)])
                actions.append(self.node(action, 2, [self.node(n, 3) for n in under]))
            placed.add(section["id"])
            found.append(self.specification(f"specification-{section['id']}", short_name(section),
                                            [self.node(section, 1, actions)]))
        reference = [*plan.articles, *plan.actors, *plan.meetings]
        placed.update(n["id"] for n in reference)
        # a need no section holds (none, in a plan that passes the build's checks) is listed here too
        reference += [n for _, n in sorted(plan.needs.items()) if n["id"] not in placed]
        found.append(self.specification(REFERENCE_SPECIFICATION, _("Reference"),
                                         [self.node(n, 1) for n in reference]))
        return found

    def specification(self, identifier: str, name: str, children: list[ReqIFSpecHierarchy]) -> ReqIFSpecification:
        return ReqIFSpecification(identifier=identifier, long_name=name, specification_type="specification-type",
                                  children=children, last_change=self.stamp)

    def bundle(self, release: str) -> ReqIFBundle:
        language = self.config.language or languages.SOURCE_LANGUAGE
        spec_types = [*self.spec_object_types(), *self.relation_types(), ReqIFSpecificationType(
            identifier="specification-type", long_name="specification", last_change=self.stamp,
            spec_attribute_map={}, is_self_closed=True)]
        content = ReqIFReqIFContent(
            data_types=list(self.datatypes.values()), spec_types=spec_types, spec_objects=self.spec_objects(),
            spec_relations=self.relations(), specifications=self.specifications())
        namespace = ReqIFNamespaceInfo(
            original_reqif_tag_dump=None, doctype_is_present=True, encoding="UTF-8",
            namespace=ReqIFNamespaceInfo.REQIF_XSD, configuration=None, namespace_id=None,
            namespace_xhtml=XHTML_NAMESPACE, schema_namespace=None, schema_location=None, language=language)
        header = ReqIFReqIFHeader(
            identifier=f"plan-{slug(release)}-{slug(language)}", creation_time=self.stamp,
            title=self.config.html_title, req_if_tool_id=f"reqif {reqif.__version__}", req_if_version="1.0",
            source_tool_id=f"Sphinx {sphinx.__version__}, sphinx-needs {sphinx_needs.__version__}")
        return ReqIFBundle(namespace_info=namespace, req_if_header=header, core_content=ReqIFCoreContent(content),
                           tool_extensions_tag_exists=False, lookup=ReqIFObjectLookup.empty(), exceptions=[])


def write_reqif(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    found = release_day(Path(app.srcdir), app.config.release)
    if found is None:
        logger.info(f"{FILE} not written: no release in {RELEASES}/ records its day, which the file "
                    "gives as its LAST-CHANGE (`make release NAME=...` records one)")
        return
    name, day = found
    writer = ReqIFWriter(Plan.of(app), app.config, lambda need: languages.text_of(app.env, need), timestamp(day),
                         type_names(Path(app.confdir), app.config))
    with (Path(app.outdir) / FILE).open("w", encoding="utf-8", newline="") as handle:
        write_streamed(writer.bundle(name), handle)


#: Where the library's text of a bundle closes the two long lists: one element per need, and per link.
CLOSING = {"spec_objects": ("      </SPEC-OBJECTS>\n", SpecObjectParser),
           "spec_relations": ("      </SPEC-RELATIONS>\n", SpecRelationParser)}


def write_streamed(bundle: ReqIFBundle, handle: Any) -> None:
    """The library's text of ``bundle``, written element by element. The library returns the
    whole file as one string, which at 10,000 actions (over 100 MB of text, two bytes to a
    character once one is not ASCII) took the build's peak memory over 1 GB. Here it writes the
    file with the two long lists empty, and each of their elements goes in at its place, in
    the library's own words (its parser of that element), so the bytes are the same."""
    content = bundle.core_content.req_if_content
    lists = {name: getattr(content, name) for name in CLOSING}
    try:
        for name in CLOSING:
            setattr(content, name, [])
        rest = ReqIFUnparser.unparse(bundle)
    finally:  # the bundle is left as it was given
        for name, elements in lists.items():
            setattr(content, name, elements)
    for name, (closing, parser) in CLOSING.items():
        before, rest = rest.split(closing, 1)
        handle.write(before)
        for element in lists[name]:
            handle.write(parser.unparse(element))
        handle.write(closing)
    handle.write(rest)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", write_reqif)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
