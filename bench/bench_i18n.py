"""Time the translators' commands on the sample, and the catalog merge on a synthetic 2,000-segment article.

In-process medians: ``update`` / ``status`` / XLIFF ``export`` on the sample (each
loads the project, which runs pandoc once), and ``merge`` alone on a template
where 200 of 2,000 paragraphs were edited, 100 deleted, 100 inserted and the
rest shuffled within their sections (the worst case for the similarity pass).
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from timing import ROOT, median_ms

from pubkit.i18n import export, merge, update
from pubkit.i18n.segments import TemplateEntry
from pubkit.i18n.status import status
from pubkit.po import PoEntry, PoFile

RUNS = 7


def _synthetic(rnd: random.Random) -> tuple[list[TemplateEntry], PoFile]:
    words = [
        "пациент",
        "рецидив",
        "терапия",
        "опухоль",
        "лечение",
        "диагноз",
        "группа",
        "риск",
        "облучение",
        "препарат",
    ]
    sections = [[" ".join(rnd.choices(words, k=25)) + f" {s}.{n}" for n in range(100)] for s in range(20)]
    old = PoFile(
        None,
        tuple(
            PoEntry(f"body.s{s}.{n}", text, f"en {text}")
            for s, texts in enumerate(sections)
            for n, text in enumerate(texts, 1)
        ),
    )
    template = []
    for s, texts in enumerate(sections):
        texts = [t for t in texts if rnd.random() > 0.05]
        texts = [t + " правка" if rnd.random() < 0.1 else t for t in texts]
        texts += [" ".join(rnd.choices(words, k=25)) for _ in range(5)]
        rnd.shuffle(texts)
        template += [
            TemplateEntry(f"body.s{s}.{n}", t, "manuscript/article.md") for n, t in enumerate(texts, 1)
        ]
    return template, old


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "article"
        project.mkdir()
        for part in ("manuscript", "translations"):
            shutil.copytree(ROOT / part, project / part)
        shutil.copy2(ROOT / "refs.bib", project / "refs.bib")
        print(f"i18n update (sample):        {median_ms(lambda: update(project), RUNS):7.1f} ms median")
        print(f"i18n status (sample):        {median_ms(lambda: status(project), RUNS):7.1f} ms median")
        print(
            f"i18n export xliff (sample):  {median_ms(lambda: export(project, 'xliff'), RUNS):7.1f} ms median"
        )
    template, old = _synthetic(random.Random(7))
    ms = median_ms(lambda: merge(template, old), 3)
    print(f"merge, {len(template)} segments (synthetic): {ms:7.1f} ms median")


if __name__ == "__main__":
    main()
