"""The editor schemas of article.yaml and journal.yaml agree with what `pubkit check` reads."""

from __future__ import annotations

import copy
import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

import pubkit
from pubkit.build import check
from pubkit.sources.yaml_schema import ARTICLE, ISSUE, JOURNAL, SCHEMAS, render

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = Path(pubkit.__file__).parent / "schemas"
PROJECTS = [
    ROOT,
    *sorted(p.parent.parent for p in (ROOT / "tests" / "projects").rglob("manuscript/article.yaml")),
]


def _plain(value):
    """YAML data as JSON sees it: dates become YYYY-MM-DD text, as an editor's YAML server reads them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _errors(schema: dict, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_plain(data))
    ]


def test_the_shipped_files_are_the_definitions(request) -> None:
    for name, schema in SCHEMAS.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        if request.config.getoption("--update-golden"):
            SHIPPED.mkdir(exist_ok=True)
            (SHIPPED / name).write_text(render(schema), encoding="utf-8")
        assert (SHIPPED / name).read_text(encoding="utf-8") == render(schema), (
            f"run pytest --update-golden ({name})"
        )


def _every_key_documented(schema: dict, path: str = "") -> list[str]:
    missing = []
    for key, sub in schema.get("properties", {}).items():
        if "description" not in sub or ("examples" not in sub and sub.get("type") not in ("object", "array")):
            missing.append(f"{path}{key}")
        missing += _every_key_documented(sub, f"{path}{key}.")
    for nested in ("items", "additionalProperties"):
        if isinstance(schema.get(nested), dict):
            missing += _every_key_documented(schema[nested], f"{path}*.")
    return missing


def test_every_key_has_a_description_and_an_example() -> None:
    assert [_every_key_documented(schema) for schema in (ARTICLE, JOURNAL, ISSUE)] == [[], [], []]


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_the_sample_and_every_fixture_validate(root: Path) -> None:
    article = yaml.safe_load((root / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    assert _errors(ARTICLE, article) == []
    journal = next(
        p
        for p in (root / "manuscript" / "journal.yaml", root / "journal.yaml", root.parent / "journal.yaml")
        if p.is_file()
    )
    assert _errors(JOURNAL, yaml.safe_load(journal.read_text(encoding="utf-8"))) == []


def _drop(*path: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]

    return change


def _set(value, *path) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


# (file, mutation, rejected?): the schema and `pubkit check` must both reject it, or both accept it.
MUTATIONS = {
    "article: no doi": ("article", _drop("doi"), True),
    "article: year as text": ("article", _set("2025", "year"), True),
    "article: volume as a number": ("article", _set(12, "volume"), False),
    "article: unknown key": ("article", _set("x", "doi_url"), True),
    "article: unknown abstract section": ("article", _set("summary", "abstract", 0, "section"), True),
    "article: author without an English name": ("article", _drop("authors", 0, "name", "en"), True),
    "article: corresponding not a boolean": ("article", _set("sure", "authors", 0, "corresponding"), True),
    "article: an empty keyword": ("article", _set("", "keywords", 0), True),
    "article: keywords as one text": ("article", _set("нейробластома", "keywords"), True),
    "article: a date as dd.mm.yyyy": ("article", _set({"received": "31.01.2025"}, "dates"), True),
    "article: no dates": ("article", _set({}, "dates"), False),
    "article: an e-mail added": ("article", _set("a@example.org", "authors", 0, "email"), False),
    "article: affiliation without a country": ("article", _drop("affiliations", "rogachev", "country"), True),
    "article: funding added": ("article", _set("Исследование без спонсорской поддержки.", "funding"), False),
    "journal: no electronic ISSN": ("journal", _drop("issn", "electronic"), True),
    "journal: article_url over http": ("journal", _set("http://x.org/{doi_suffix}/", "article_url"), True),
    "journal: unknown eLibrary type": ("journal", _set("XXX", "sections", "review", "rsci_type"), True),
    "journal: title id 0": ("journal", _set(0, "elibrary_titleid"), True),
    "journal: unknown key in a section": ("journal", _set("x", "sections", "review", "colour"), True),
    "journal: no registrant": ("journal", _drop("registrant"), False),
    "journal: no sections": ("journal", _drop("sections"), True),
    "journal: submission limits": ("journal", _set({"keywords": {"min": 4, "max": 8}}, "submission"), False),
    "journal: submission, unknown rule": ("journal", _set({"pages": {"max": 12}}, "submission"), True),
    "journal: submission, min not a number": (
        "journal",
        _set({"keywords": {"min": "3"}}, "submission"),
        True,
    ),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_schema_and_check_agree(name: str, project: Path) -> None:
    which, change, rejected = MUTATIONS[name]
    rel = f"manuscript/{which}.yaml"
    path = project / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    change(changed)
    path.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    by_check = [p.render() for p in check(project).problems if p.file == rel and p.severity.value == "error"]
    by_schema = _errors(ARTICLE if which == "article" else JOURNAL, changed)
    assert bool(by_check) == rejected, by_check
    assert bool(by_schema) == rejected, by_schema


ISSUE_FOLDER = ROOT / "tests" / "projects" / "issue-two-articles"
ISSUE_MUTATIONS = {
    "issue: unknown key": (_set("x", "editor"), True),
    "issue: pages not a range": (_set("ten", "pages"), True),
    "issue: year as text": (_set("2025", "year"), True),
    "issue: a section not a list": (_set("01-follow-up", "sections", "original-study"), True),
    "issue: published as dd.mm.yyyy": (_set("30.09.2025", "published"), True),
    "issue: a title without English": (_set({"ru": "Спецвыпуск"}, "title"), True),
    "issue: a title in both languages": (_set({"ru": "Спецвыпуск", "en": "Special issue"}, "title"), False),
    "issue: no pages": (_drop("pages"), False),
}


def test_the_issue_fixture_validates() -> None:
    assert _errors(ISSUE, yaml.safe_load((ISSUE_FOLDER / "issue.yaml").read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", ISSUE_MUTATIONS)
def test_issue_schema_and_check_agree(name: str, tmp_path: Path) -> None:
    from pubkit.build import check_issue_folder

    change, rejected = ISSUE_MUTATIONS[name]
    folder = tmp_path / "issue"
    shutil.copytree(ISSUE_FOLDER, folder)
    changed = yaml.safe_load((folder / "issue.yaml").read_text(encoding="utf-8"))
    change(changed)
    (folder / "issue.yaml").write_text(
        yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    by_check = [p.render() for p in check_issue_folder(folder).all_problems if p.file == "issue.yaml"]
    assert bool(by_check) == rejected, by_check
    assert bool(_errors(ISSUE, changed)) == rejected
