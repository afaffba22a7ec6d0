"""Make the benchmarks' inputs from the sample: issues of N articles and one long article.

``issue(folder, n)``: a journal folder with ``journal.yaml``, ``issue.yaml`` and N article
folders, each the sample with its own DOI and pages (11 pages each, one after another)
and a varying closing paragraph. ``long_article(folder, copies)``: the sample whose body
is repeated ``copies`` times (about 408 words each) under new heading ids, citing 150
distinct references (the sample's 20 renamed per copy), with every segment translated
(the sample's English, with the same renaming). Run as a script: ``make_projects.py
DIR [N]`` writes ``DIR/issue-N`` and ``DIR/long``.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from timing import ROOT

from pubkit.po import PoFile, parse_po, render_po

HEADINGS = re.compile(r"\{#([a-z0-9-]+)\}")
CITED = re.compile(r"@([A-Za-z0-9_:-]+)")
PAGES_PER_ARTICLE = 11
REFERENCES = 150


def _copy_article(target: Path) -> None:
    (target / "manuscript").mkdir(parents=True)
    for name in ("article.yaml", "article.md"):
        shutil.copy(ROOT / "manuscript" / name, target / "manuscript" / name)
    shutil.copy(ROOT / "refs.bib", target / "refs.bib")
    shutil.copytree(ROOT / "translations", target / "translations")


def _set_article(target: Path, fpage: int, lpage: int) -> None:
    meta = target / "manuscript" / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("2311-1267-2025-12-2-96-106", f"2311-1267-2025-12-2-{fpage}-{lpage}")
    text = text.replace('fpage: "96"', f'fpage: "{fpage}"').replace('lpage: "106"', f'lpage: "{lpage}"')
    meta.write_text(text, encoding="utf-8")


def issue(folder: Path, n: int) -> Path:
    """An issue of ``n`` copies of the sample under ``folder``."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "manuscript" / "journal.yaml", folder / "journal.yaml")
    names = []
    for i in range(n):
        name = f"{i + 1:03d}-article"
        names.append(name)
        target = folder / name
        _copy_article(target)
        fpage = 1 + i * PAGES_PER_ARTICLE
        _set_article(target, fpage, fpage + PAGES_PER_ARTICLE - 1)
        body = target / "manuscript" / "article.md"
        body.write_text(body.read_text(encoding="utf-8") + f"\nCase {i + 1}: MYCN, ALK, GD2.\n", "utf-8")
    listed = ", ".join(names)
    (folder / "issue.yaml").write_text(
        f'volume: "12"\nnumber: "2"\nyear: 2025\npages: 1-{n * PAGES_PER_ARTICLE}\n'
        f"sections:\n  clinical-case: [{listed}]\n",
        encoding="utf-8",
    )
    return folder


def _renamed(copy: int, keys: list[str]) -> dict[str, str]:
    """The reference keys copy ``copy`` cites: its own set while there are references left to make."""
    sets = REFERENCES // len(keys)  # full sets of renamed keys; the next one is partial
    rest = REFERENCES - sets * len(keys)
    mapping = {}
    for index, key in enumerate(keys):
        if copy < sets or (copy == sets and index < rest):
            mapping[key] = key if copy == 0 else f"{key}-r{copy}"
        else:
            mapping[key] = key if copy % sets == 0 else f"{key}-r{copy % sets}"
    return mapping


def _apply(text: str, mapping: dict[str, str], copy: int, ids: list[str]) -> str:
    text = CITED.sub(lambda m: "@" + mapping.get(m.group(1), m.group(1)), text)
    if copy:
        text = HEADINGS.sub(lambda m: "{#" + f"{m.group(1)}-{copy}" + "}", text)
    return text


def long_article(folder: Path, copies: int) -> Path:
    """The sample with its body repeated ``copies`` times and 150 references, every segment translated."""
    _copy_article(folder)
    shutil.copy(ROOT / "manuscript" / "journal.yaml", folder / "manuscript" / "journal.yaml")
    body = (ROOT / "manuscript" / "article.md").read_text(encoding="utf-8")
    bib = (ROOT / "refs.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)
    ids = HEADINGS.findall(body)
    po = parse_po((ROOT / "translations" / "en.po").read_bytes(), "en.po")
    parts, entries, made = [], list(po.entries), set()
    for copy in range(copies):
        mapping = _renamed(copy, keys)
        text = body if copy == 0 else body[body.index("\n## ") + 1 :]  # the opening paragraph once
        parts.append(_apply(text, mapping, copy, ids))
        for old, new in mapping.items():
            if new != old and new not in made:
                made.add(new)
                entry = re.search(rf"^@\w+\{{{re.escape(old)},.*?^\}}", bib, re.MULTILINE | re.DOTALL).group(
                    0
                )
                bib += "\n" + entry.replace("{" + old + ",", "{" + new + ",", 1) + "\n"
        if copy:
            for entry in po.entries:
                heading = entry.context.split(".")[1] if entry.context.startswith("body.") else None
                if heading in ids:
                    context = entry.context.replace(f"body.{heading}", f"body.{heading}-{copy}", 1)
                    entries.append(
                        type(entry)(
                            context,
                            _apply(entry.msgid, mapping, 0, ids),
                            _apply(entry.msgstr, mapping, 0, ids),
                        )
                    )
                elif entry.context.startswith("body."):
                    continue
    (folder / "manuscript" / "article.md").write_text("\n\n".join(parts), encoding="utf-8")
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "translations" / "en.po").write_bytes(render_po(PoFile(po.header, tuple(entries)), ""))
    return folder


def main() -> None:
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print(issue(out / f"issue-{n}", n))
    print(long_article(out / "long", 37))


if __name__ == "__main__":
    main()
