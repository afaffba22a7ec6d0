"""Write src/pubkit/validate/pins.py: the SHA-256 of every schema file the store may install.

Run from the repository root with the shared schemas (byte-identical copies of the upstream files,
see ../shared/schemas/README.md):

    .venv/bin/python tests/validate/make_pins.py ../shared/schemas

The JATS packs pin the files the Journal Publishing (MathML 3) driver loads, found by loading it;
the other packs pin every file of their folder except examples and test files.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from lxml import etree

TARGET = Path(__file__).resolve().parents[2] / "src" / "pubkit" / "validate" / "pins.py"
JATS = {"1.3": "JATS-journalpublishing1-3-mathml3.dtd", "1.4": "JATS-journalpublishing1-4-mathml3.dtd"}
FOLDERS = {
    "meca": ["schema/manifest-1.0.dtd", "schema/transfer-1.0.dtd", "schema/reviews-1.0.dtd", "LICENSE"],
    "crossref": None,
    "doaj": None,
    "xliff-1.2": None,
    "pmc-stylechecker": None,
}


class _Seen(etree.Resolver):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def resolve(self, system_url, public_id, context):
        self.urls.append(system_url)


def dtd_closure(folder: Path, driver: str) -> list[str]:
    """Every file the driver DTD loads, relative to its folder."""
    seen = _Seen()
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True)
    parser.resolvers.add(seen)
    etree.fromstring(f'<!DOCTYPE article SYSTEM "{(folder / driver).as_uri()}"><article/>'.encode(), parser)
    return sorted(
        {Path(u.removeprefix("file://")).resolve().relative_to(folder).as_posix() for u in seen.urls}
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(shared: Path) -> None:
    lines = [
        '"""SHA-256 of every file the schema store installs, by pack (written by tests/validate/make_pins.py)."""',
        "",
        "PINS: dict[str, dict[str, str]] = {",
    ]
    for version, driver in JATS.items():
        folder = (shared / "jats-publishing-1.x" / version).resolve()
        lines.append(f'    "jats-{version}": {{')
        lines += [f'        "{rel}": "{sha(folder / rel)}",' for rel in dtd_closure(folder, driver)]
        lines.append("    },")
    for name, files in FOLDERS.items():
        folder = shared / name
        names = files or sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and not {"examples", "testfiles"} & set(p.relative_to(folder).parts)
        )
        lines.append(f'    "{name}": {{')
        lines += [f'        "{rel}": "{sha(folder / rel)}",' for rel in names]
        lines.append("    },")
    lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
