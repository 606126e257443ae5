"""The schema rules of needs/model.toml, reported at the file and line of the need.

sphinx-needs checks every need against the rules of ``needs/model.toml``
(``[[needs.schema_definitions.schemas]]``, and the allowed values of each field) and
logs what it finds with no file or line. It also writes every finding, structured,
to ``schema_violations.json`` in the output folder. conf.py suppresses the
unlocated messages (``suppress_warnings = ["sn_schema_violation"]``); this module
reads that file once sphinx-needs has written it and reports each finding again, at
the need's file and line, with the rule's own message from model.toml::

    sections/3-universalisation.md:32: WARNING: UNI_02 (action): every action needs at
    least one owner: add ':owner: ACTOR_...' ... [schema.action-owner]

Only public interfaces are used: the ``write-started`` event (sphinx-needs validates
there, at the default priority; this runs after it), the report file, and
``sphinx_needs.api.get_needs_view``. If the file is missing, the build stops rather
than pass with findings unseen.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.errors import ConfigError, ExtensionError
from sphinx_needs.api import get_needs_view

from .rulebook import RULES, declare, need_location, report

REPORT = "schema_violations.json"
MODEL = "needs/model.toml"
#: The kind of a finding about a field's own value (the status, a date ...).
FIELD_VALUES = "schema.field-values"


def declare_schema_rules(app: Sphinx, config: Config) -> None:
    """Every rule of model.toml into the rulebook, with its message as written there."""
    for schema in config.needs_schema_definitions.get("schemas", []):
        says, _, fix = schema["message"].partition(": ")
        if not fix or "'" in says:
            raise ConfigError(f"{MODEL}: the message of the rule {schema['id']!r} is written '<the rule in plain "
                              "words>: <what to do>', with no quoted option before the first ': '")
        declare(f"schema.{schema['id']}", says[0].upper() + says[1:] + ".", fix[0].upper() + fix[1:], MODEL)
    allowed = {f"{owner}.{name}": allowed_values(field["schema"]) for owner, name, field in fields(config)}
    declare(FIELD_VALUES,
            "A field holds a value the model allows: "
            + "; ".join(f"{name}: {values}" for name, values in sorted(allowed.items()) if values) + ".",
            "write a value the model allows for that field: the message says which, and the Rules page lists them all.", MODEL)


def fields(config: Config) -> list[tuple[str, str, dict]]:
    """Every field of the model, with the type it belongs to ("every" for a shared one)."""
    shared = [("every", name, field) for name, field in config.needs_fields.items() if "schema" in field]
    return shared + [(kind["directive"], name, field) for kind in config.needs_types
                     for name, field in kind.get("fields", {}).items()]


def allowed_values(schema: dict) -> str:
    """A field's constraint in plain words, or "" when any text will do."""
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    if "pattern" in schema:
        return {"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date, YYYY-MM-DD",
                "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$": "a date, YYYY-MM or YYYY-MM-DD"}.get(
            schema["pattern"], f"text matching {schema['pattern']}")
    if "minimum" in schema:
        return f"a whole number from {schema['minimum']}" + (f" to {schema['maximum']}" if "maximum" in schema else "")
    if schema.get("type") == "boolean":
        return "true or false"
    return ""


def rule_id(finding: dict) -> str | None:
    """The model.toml rule a finding is about, from its structured schema path
    ("action-owner[0] > local > ..."), or None for a field's own schema."""
    path = finding["details"].get("schema_path", "")
    head = path.split(" > ", 1)[0]
    return head.split("[", 1)[0] if "[" in head else None


def report_findings(app: Sphinx, builder: Builder) -> None:
    if not app.config.needs_schema_definitions:
        return
    path = Path(app.outdir) / REPORT
    if not path.is_file():
        raise ExtensionError(f"sphinx-needs wrote no {REPORT}: the schema findings cannot be reported. "
                             "Has sphinx-needs changed? The failing builds of tests/test_bad_input.py pin this behaviour.")
    needs = get_needs_view(app)
    findings = json.loads(path.read_text(encoding="utf-8"))["validation_warnings"]
    for need_id, need_findings in sorted(findings.items()):
        need = needs.get(need_id)
        location = need_location(need) if need is not None else None
        for finding in need_findings:
            if finding["type"] != "sn_schema_violation":
                continue  # configuration errors and warnings are printed by sphinx-needs, unsuppressed
            rule = rule_id(finding)
            kind = f"schema.{rule}" if rule else FIELD_VALUES
            details = finding["details"]
            if rule:
                detail = RULES[kind].says
            else:
                field = details.get("field", "")
                detail = f"':{field}:' {details.get('validation_msg', '')}." + allowed_for(app.config, need, field)
            subject = f"{need_id} ({need['type']})" if need is not None else need_id
            report(RULES[kind], location, subject, detail)


def allowed_for(config: Config, need: dict | None, field: str) -> str:
    for owner, name, declared in fields(config):
        if name == field and owner in ("every", need and need["type"]):
            values = allowed_values(declared["schema"])
            return f" It must be {values}." if values else ""
    return ""


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", declare_schema_rules)
    app.connect("write-started", report_findings, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
