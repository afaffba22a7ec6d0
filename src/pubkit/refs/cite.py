"""The article's own citation line ("For citation"), in the journal's words for each language."""

from __future__ import annotations

from pubkit.model import Article, Lang
from pubkit.problems import Problem, PubkitError
from pubkit.refs.style import DOI_URL, IN_RUSSIAN


def _period(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _localized_title(article: Article, lang: Lang) -> str:
    title = article.title.get(lang)
    if not title:
        raise PubkitError(
            Problem("cite.missing-translation", f"the article has no title in {lang!r} to cite it by")
        )
    return title


def article_citation(article: Article, lang: Lang) -> str:
    """``Authors. Title. Journal. Year;Vol(Issue):fpage-lpage. [(In Russ.)] https://doi.org/DOI``.

    Names are the journal's ``Surname I.I.`` in the list's script; the English line of a
    Russian article says ``(In Russ.)``, as the journal's "For citations" does.
    """
    names = ", ".join(author.name(lang).cited for author in article.authors)
    journal = article.journal.title.get(lang) or article.journal.title.ru
    pages = article.page_range_hyphen
    parts = [
        _period(names),
        _period(_localized_title(article, lang)),
        _period(journal),
        f"{article.year};{article.volume}({article.issue}):{pages}.",
    ]
    if lang == "en" and article.language == "ru":
        parts.append(IN_RUSSIAN)
    parts.append(DOI_URL + article.doi)
    return " ".join(parts)
