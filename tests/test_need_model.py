"""Every type, field, link and setting declared in needs/model.toml is in force.

sphinx-needs reads the file with `needs_from_toml` and skips keys it does not
know without a word, even in a strict build: a misspelt key would silently
switch a rule off."""

import tomllib

from sphinx_needs.config import NeedsSphinxConfig

from conftest import PROJECT, Build
from plan_data import read_schema

MODEL = tomllib.loads((PROJECT / "needs" / "model.toml").read_text(encoding="utf-8"))["needs"]


def test_every_setting_in_the_model_is_a_sphinx_needs_setting() -> None:
    known = NeedsSphinxConfig.field_names()
    unknown = sorted(set(MODEL) - known)
    assert not unknown, f"sphinx-needs ignores these keys of needs/model.toml: {unknown}"


def test_every_declared_type_field_and_link_is_in_the_built_schema(site: Build) -> None:
    schema = read_schema(site.outdir / "needs.json")
    for type_name, declaration in MODEL["types"].items():
        assert declaration.get("fields") or declaration.get("links"), type_name
        for kind, field_type in (("fields", "extra"), ("links", "links")):
            for name in declaration.get(kind, {}):
                assert name in schema, f"{type_name}.{name} is not in force"
                assert schema[name]["field_type"] == field_type
                assert type_name in schema[name]["description"], (type_name, name)


def test_the_adopting_meeting_is_defined_once() -> None:
    """The model's rule 'no action due by the adopting meeting' and the views' idea of
    which meeting adopts the plan are one number (extensions/plan.py's ADOPTING_MEETING)."""
    from extensions.plan import ADOPTING_MEETING

    [rule] = [r for r in MODEL["schema_definitions"]["schemas"] if r["id"] == "action-horizon-after-adoption"]
    assert rule["validate"]["network"]["horizon"]["items"]["local"]["properties"]["sequence"]["minimum"] == (
        ADOPTING_MEETING + 1)


def test_every_schema_rule_is_scoped_to_one_type() -> None:
    """A rule such as 'an owner is required' must not apply to articles or actors."""
    rules = MODEL["schema_definitions"]["schemas"]
    assert rules
    for rule in rules:
        selected = rule["select"]["properties"]["type"]["const"]
        assert selected in MODEL["types"], rule["id"]
        assert rule["message"], rule["id"]

