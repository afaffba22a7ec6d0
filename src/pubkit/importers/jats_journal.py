"""``journal-meta`` → ``journal.yaml`` data when the project has no journal file, else a check against it.

The JATS holds most of ``journal.yaml`` (titles, ISSNs, publisher, DOI prefix, license,
copyright holder, the section heading); the PDF URL pattern is read off the Russian and
English ``self-uri`` when they differ only by language. Whatever is not there (the
article page URL pattern, the license's name, the degree list) is reported, not made up.
"""

from __future__ import annotations

from ..model import Journal
from .jats_front import FrontReader
from .jats_refs import text_of
from .jats_xml import XLINK_HREF, lang_of


def journal_data(reader: FrontReader) -> dict:
    """``journal.yaml`` data from ``journal-meta`` and the article's permissions, where the JATS gives it."""
    meta = reader.journal_meta
    out: dict = {}
    if meta is None:
        reader.missing("<journal-meta>", "the journal's metadata (journal.yaml is not written in full)")
        return out
    titles = meta.find("journal-title-group")
    if titles is not None:
        original, english, _ = reader.pair(titles.findall("journal-title"))
        for trans in titles.iter("trans-title-group"):
            if lang_of(trans, "en") == "en":
                english = english or text_of(trans.find("trans-title"))
        if original and english:
            out["title"] = {"ru": original, "en": english}
        abbrev = text_of(titles.find("abbrev-journal-title"))
        if abbrev:
            out["abbrev_title"] = abbrev
    ids = {
        e.get("journal-id-type"): text_of(e) for e in meta.findall("journal-id") if e.get("journal-id-type")
    }
    if ids:
        out["journal_ids"] = {k: v for k, v in sorted(ids.items()) if v}
    issn = {}
    for element in meta.findall("issn"):
        form = element.get("publication-format") or element.get("pub-type")
        kind = {"print": "print", "ppub": "print", "electronic": "electronic", "epub": "electronic"}.get(
            form or ""
        )
        if kind and text_of(element):
            issn[kind] = text_of(element)
    if issn:
        out["issn"] = issn
    publisher = meta.find("publisher")
    if publisher is not None:
        name_ru, name_en, _ = reader.pair(publisher.findall("publisher-name"))
        loc_ru, loc_en, _ = reader.pair(publisher.findall("publisher-loc"))
        block: dict = {}
        if name_ru and name_en:
            block["name"] = {"ru": name_ru, "en": name_en}
        if loc_ru and loc_en:
            block["location"] = {"ru": loc_ru, "en": loc_en}
        if block:
            out["publisher"] = block
    doi = next((text_of(e) for e in reader.meta.findall("article-id") if e.get("pub-id-type") == "doi"), None)
    if doi and "/" in doi:
        out["doi_prefix"] = doi.split("/", 1)[0]
    pdf = pdf_pattern(reader, doi)
    if pdf:
        out["pdf_url"] = pdf
    license_ = reader.article_license
    if license_ and license_.get("url"):
        block = {"url": license_["url"]}
        if license_["text"].get("ru") and license_["text"].get("en"):
            block["text"] = {"ru": license_["text"]["ru"], "en": license_["text"]["en"]}
        out["license"] = block
    # one holder per permissions (JATS4R): pubkit's English one is in the translation's front-stub
    stub = reader.translation_stub()
    holders = [
        holder
        for permissions in (
            reader.meta.find("permissions"),
            stub.find("permissions") if stub is not None else None,
        )
        if permissions is not None
        for holder in permissions.findall("copyright-holder")
    ]
    if holders:
        ru, en, _ = reader.pair(holders)
        if ru and en:
            out["copyright_holder"] = {"ru": ru, "en": en}
    sections = reader.new_sections
    if sections:
        out["sections"] = sections
    required = {
        "title": "the journal's title in Russian and English",
        "abbrev_title": "<abbrev-journal-title>",
        "issn": "the print and electronic ISSNs",
        "publisher": "the publisher's name in Russian and English",
        "doi_prefix": "the DOI prefix",
        "article_url": "the URL pattern of the article pages (not in JATS)",
        "pdf_url": "the URL pattern of the PDFs (the article's self-uri, in both languages)",
        "license": "the license's URL and text in Russian and English",
        "copyright_holder": "<copyright-holder> in Russian and English",
        "sections": "the journal's sections",
    }
    for key, expected in required.items():
        if key not in out:
            reader.problems.warning(
                "import.journal",
                f"journal.yaml: no {key} in the JATS; expected {expected}",
                file=reader.file,
            )
    if "license" in out and "name" not in out["license"]:
        reader.problems.warning(
            "import.journal",
            "journal.yaml: license.name is not in the JATS; expected the license's name",
            file=reader.file,
        )
    return out


def pdf_pattern(reader: FrontReader, doi: str | None) -> str | None:
    """The PDF URL pattern, when the Russian and English ``self-uri`` differ only by language."""
    if not doi or "/" not in doi:
        return None
    suffix = doi.split("/", 1)[1]
    uris = {}
    for uri in reader.root.iter("self-uri"):
        if uri.get("content-type") == "pdf" and uri.get(XLINK_HREF):
            parent = uri.getparent()
            lang = "en" if parent is not None and parent.tag == "front-stub" else reader.lang
            uris.setdefault(lang, uri.get(XLINK_HREF))
    if "ru" not in uris or "en" not in uris:
        return None
    patterns = {lang: url.replace(suffix, "{doi_suffix}") for lang, url in uris.items()}
    ru = patterns["ru"].replace(".ru.", ".{lang}.").replace("/ru/", "/{lang}/")
    en = patterns["en"].replace(".en.", ".{lang}.").replace("/en/", "/{lang}/")
    return ru if ru == en and "{lang}" in ru and "{doi_suffix}" in ru else None


def check_journal(reader: FrontReader, journal: Journal) -> None:
    """``journal-meta`` against the ``journal.yaml`` above the project: each difference is a warning."""
    meta = reader.journal_meta
    if meta is None:
        return
    compare = []
    titles = meta.find("journal-title-group")
    if titles is not None:
        compare.append(("title", text_of(titles.find("journal-title")), journal.title.ru))
        compare.append(("abbrev_title", text_of(titles.find("abbrev-journal-title")), journal.abbrev_title))
    for element in meta.findall("issn"):
        form = element.get("publication-format") or element.get("pub-type")
        expected = {"print": journal.issn_print, "ppub": journal.issn_print}.get(form or "") or {
            "electronic": journal.issn_electronic,
            "epub": journal.issn_electronic,
        }.get(form or "")
        if expected:
            compare.append((f"issn ({form})", text_of(element), expected))
    for key, found, expected in compare:
        if found and expected and found != expected:
            reader.problems.warning(
                "import.journal-differs",
                f"journal-meta {key} is {found!r}, journal.yaml says {expected!r}; journal.yaml is kept",
                file=reader.file,
            )
