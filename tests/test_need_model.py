"""Every type, field, link and setting declared in needs/model.toml is in force.

sphinx-needs reads the file with `needs_from_toml` and skips keys it does not
know without a word, even in a strict build: a misspelt key would silently
switch a rule off."""

import tomllib

import pytest
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



def test_back_links_are_built_as_sphinx_needs_builds_them() -> None:
    """extensions/backlinks.py replaces sphinx-needs' NeedItem.add_backlink (an internal)
    with one whose search for a back-link already there is a set lookup. Pinned to the
    version and the method it was written for, and given the same calls, it must leave
    the same list: the same back-links, in the same order, each once."""
    import inspect
    import random
    from types import SimpleNamespace

    import sphinx_needs

    from extensions.backlinks import ORIGINAL, add_backlink

    assert sphinx_needs.__version__ == "9.1.0"
    assert "if backlink not in self._backlinks[link_type]:" in inspect.getsource(ORIGINAL)
    draw = random.Random(16)
    calls = [(draw.choice(["horizon_back", "owner_back"]), f"ACT_{draw.randrange(300):03d}") for _ in range(2000)]
    theirs = SimpleNamespace(_backlinks={"horizon_back": [], "owner_back": []})
    ours = SimpleNamespace(_backlinks={"horizon_back": [], "owner_back": []})
    for link_type, need_id in calls:
        ORIGINAL(theirs, link_type, need_id)
        add_backlink(ours, link_type, need_id)
    ours._backlinks["owner_back"].append(ours._backlinks["owner_back"][0])  # changed by something else
    theirs._backlinks["owner_back"].append(theirs._backlinks["owner_back"][0])
    for link_type, need_id in calls[:50]:
        ORIGINAL(theirs, link_type, need_id)
        add_backlink(ours, link_type, need_id)
    assert ours._backlinks == theirs._backlinks
    assert len(ours._backlinks["horizon_back"]) > 250
    with pytest.raises(KeyError, match="follows_back"):
        add_backlink(ours, "follows_back", "ACT_001")
