"""Reading YAML mappings field by field, keeping the line of every field.

PyYAML's node tree carries source marks; reading through :class:`Fields` turns a
wrong type, a missing key or a misspelt key into a located :class:`Problem`
instead of an exception, and keeps reading so every problem is reported at once.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..problems import Problems
from ..safety import bad_code_point, code_point_message

_KIND_NAMES = {
    str: "a text",
    int: "a whole number",
    bool: "true or false",
    datetime.date: "a date (YYYY-MM-DD)",
}


# libyaml's parser when PyYAML was built with it (its wheels are): the same nodes and marks, ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str, problems: Problems) -> yaml.Node | None:
    """Compose ``text`` into a node tree; a syntax error becomes a located problem."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(filter(None, [exc.context, exc.problem]))
        problems.error(
            "yaml.syntax",
            f"malformed YAML: {what}; expected valid YAML",
            file=file,
            line=mark.line + 1 if mark else None,
        )
    except yaml.YAMLError as exc:
        problems.error("yaml.syntax", f"malformed YAML: {exc}", file=file)
    else:
        if node is None:
            problems.error("yaml.empty", "the file is empty; expected YAML metadata", file=file)
        return node
    return None


def _scalar(node: yaml.ScalarNode) -> Any:
    """The node's value as YAML types it; a value YAML cannot construct (``2025-02-30``) stays text."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        return node.value


@dataclass
class Fields:
    """A YAML mapping being read; ``finish()`` reports the keys nobody asked for."""

    node: yaml.MappingNode
    path: str
    file: str
    problems: Problems

    def __post_init__(self) -> None:
        self._items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in self.node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in self._items:
                self.error("meta.duplicate-key", f"key {key!r} is given twice", key, key_node)
            self._items[key] = (key_node, value_node)
        self._used: set[str] = set()

    @classmethod
    def of(cls, node: yaml.Node | None, path: str, file: str, problems: Problems) -> Fields | None:
        """Read ``node`` as a mapping, or report that a mapping was expected (``None``: already reported)."""
        if isinstance(node, yaml.MappingNode):
            return cls(node, path, file, problems)
        if node is None:
            return None
        problems.error(
            "meta.type",
            "expected a mapping of keys to values",
            file=file,
            line=node.start_mark.line + 1,
            field=path or None,
        )
        return None

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def field_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def line_of(self, key: str) -> int:
        item = self._items.get(key)
        return (item[0] if item else self.node).start_mark.line + 1

    def error(self, code: str, message: str, key: str | None = None, node: yaml.Node | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else (self.line_of(key) if key else self.line)
        self.problems.error(
            code, message, file=self.file, line=line, field=self.field_path(key) if key else self.path or None
        )

    def has(self, key: str) -> bool:
        return key in self._items

    def is_empty(self, key: str) -> bool:
        """``key`` is given as an empty list or mapping (``authors: []``)."""
        item = self._items.get(key)
        return (
            item is not None
            and isinstance(item[1], (yaml.SequenceNode, yaml.MappingNode))
            and not item[1].value
        )

    def raw(self, key: str, required: bool = True) -> yaml.Node | None:
        self._used.add(key)
        item = self._items.get(key)
        if item is None:
            if required:
                self.problems.error(
                    "meta.missing",
                    f"required field {key!r} is missing",
                    file=self.file,
                    line=self.line,
                    field=self.field_path(key),
                )
            return None
        return item[1]

    def scalar(self, key: str, kind: type = str, required: bool = True) -> Any:
        """A scalar of ``kind``; ``None`` (with a problem if required) when absent or wrong."""
        node = self.raw(key, required)
        if node is None:
            return None
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if kind is str and isinstance(value, str):
            if named := bad_code_point(value):
                self.error("text.code-point", code_point_message(named), key, node)
                return None
            value = " ".join(value.split())
            if not value:
                self.error("meta.empty", "is empty; expected a text", key, node)
                return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            shown = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            if isinstance(node, yaml.ScalarNode):
                shown = repr(node.value)
            self.error(
                "meta.type", f"got {shown}; expected {_KIND_NAMES.get(kind, kind.__name__)}", key, node
            )
            return None
        return value

    def mapping(self, key: str, required: bool = True) -> Fields | None:
        node = self.raw(key, required)
        if node is None:
            return None
        return Fields.of(node, self.field_path(key), self.file, self.problems)

    def sequence(self, key: str, required: bool = True) -> list[tuple[str, yaml.Node]]:
        """Items of a list, each with its field path (``authors[2]``)."""
        node = self.raw(key, required)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error("meta.type", "expected a list", key, node)
            return []
        return [(f"{self.field_path(key)}[{i}]", item) for i, item in enumerate(node.value)]

    def strings(self, key: str, required: bool = True) -> list[tuple[str, str, int]]:
        """A list of texts, each with its field path and line."""
        out = []
        for path, item in self.sequence(key, required):
            value = _scalar(item) if isinstance(item, yaml.ScalarNode) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and (named := bad_code_point(value)):
                self.problems.error(
                    "text.code-point",
                    code_point_message(named),
                    file=self.file,
                    line=item.start_mark.line + 1,
                    field=path,
                )
                continue
            if not isinstance(value, str) or not value.strip():
                self.problems.error(
                    "meta.type",
                    "expected a non-empty text",
                    file=self.file,
                    line=item.start_mark.line + 1,
                    field=path,
                )
                continue
            out.append((path, " ".join(value.split()), item.start_mark.line + 1))
        return out

    def entries(self, key: str, required: bool = True) -> Iterator[tuple[str, Fields]]:
        """The mappings under ``key`` when it is a mapping of id → mapping."""
        sub = self.mapping(key, required)
        if sub is None:
            return
        for name in list(sub._items):
            node = sub.raw(name)
            fields = Fields.of(node, sub.field_path(name), self.file, self.problems)
            if fields is not None:
                yield name, fields

    def finish(self) -> None:
        """Report every key that was never read: a typo must not pass silently."""
        known = sorted(self._used)
        for key, (key_node, _) in self._items.items():
            if key in self._used:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(known)}"
            self.error("meta.unknown-key", f"unknown key {key!r}; {hint}", key, key_node)
