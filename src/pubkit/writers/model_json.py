"""The validated model as JSON: what every other output is made from, for people and scripts to inspect."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json

import orjson

from ..model import Article, Reference
from . import Asset, Options, Output


def _plain(value: object) -> object:
    if isinstance(value, Reference):
        fields = {name: str(text) for name, text in sorted(value.entry.fields.items())}
        persons = {role: [str(p) for p in people] for role, people in sorted(value.entry.persons.items())}
        return {
            "key": value.key,
            "type": value.entry.type,
            "lang": value.lang,
            "fields": fields,
            "persons": persons,
        }
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def write_model_json(article: Article, options: Options) -> Output:
    data = _plain(article)
    body = data["body"]
    body["ast"] = {lang: json.loads(text) if text else None for lang, text in body["ast"].items()}
    # orjson writes the same bytes as json.dumps(indent=2, sort_keys=True, ensure_ascii=False), ~90× faster
    # on an article's AST; the standard encoder falls back to Python code once it indents.
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    return Output((Asset("model.json", text),))
