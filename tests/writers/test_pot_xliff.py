"""The translators' rows: the template and the XLIFF are what `i18n extract` and `i18n export` write."""

from __future__ import annotations

from pathlib import Path

from pubkit.build import check
from pubkit.i18n import export
from pubkit.i18n.catalogs import extract
from pubkit.model import Article
from pubkit.writers import Options
from pubkit.writers.pot import write_pot
from pubkit.writers.xliff import write_xliff


def test_the_pot_row_is_what_extract_writes(sample: Article, project: Path) -> None:
    (asset,) = write_pot(sample, Options()).files
    assert asset.path == "translations/article.pot"
    assert extract(project).read_bytes() == asset.data


def test_the_xliff_row_is_the_export_of_a_current_catalog(sample: Article, project: Path) -> None:
    (asset,) = write_xliff(sample, Options()).files
    assert (asset.path, asset.schema) == ("translations/en.xlf", "xliff-1.2")
    assert export(project, "xliff") == asset.data


def test_the_xliff_row_of_a_draft_marks_nothing_as_translated() -> None:
    draft = check(Path(__file__).resolve().parents[1] / "projects" / "no-translation", draft=True).article
    (asset,) = write_xliff(draft, Options()).files
    assert b'approved="yes"' not in asset.data and b"[untranslated]" not in asset.data
