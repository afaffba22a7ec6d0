"""Problems found in an article's sources, collected rather than raised.

Every reader and check reports what it finds as a :class:`Problem` that names
the file, the line where the format gives one, and the field path, so that a
user sees every problem at once and can jump to each.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How serious a problem is: an error stops the build (exit 1), a warning is printed (exit 1 only under --strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the sources: what was found and what was expected."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        """``file:line: error: field: message [code]``, the format editors jump to."""
        where = self.file or "<project>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.severity.value}: "
        if self.field:
            text += f"{self.field}: "
        return f"{text}{self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
        }


@dataclass(slots=True)
class Problems:
    """A collector passed to readers and checks; never a global."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def error(self, code: str, message: str, **where: str | int | None) -> None:
        """Add an error; ``where`` is ``file``, ``line`` and ``field``."""
        self.items.append(Problem(code, message, severity=Severity.ERROR, **where))

    def warning(self, code: str, message: str, **where: str | int | None) -> None:
        """Add a warning; ``where`` is ``file``, ``line`` and ``field``."""
        self.items.append(Problem(code, message, severity=Severity.WARNING, **where))

    def extend(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class PubkitError(Exception):
    """We cannot go on: the project folder is unreadable, a tool is missing, an output is unwritable.

    ``problems`` holds what to show the user; ``exit_code`` follows the CLI's convention
    (1 problems in the sources, 3 environment).
    """

    def __init__(self, problems: Problem | list[Problem], exit_code: int = 1) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(p.render() for p in self.problems))


class EnvironmentProblem(PubkitError):
    """A tool (pandoc, typst, a DTD) is missing or failing, or an output cannot be written."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        super().__init__(problems, exit_code=3)
