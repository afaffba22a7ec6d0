"""Authors and affiliations: ``contrib``, ``name-alternatives``, ``aff`` / ``aff-alternatives``, ``bio``.

Both name forms come from ``name-alternatives`` (or ``name`` elements told apart by
``xml:lang`` or script); ORCID, e-mail (the contrib's, else its ``corresp`` note's) and
the corresponding mark follow. An affiliation keeps its JATS id (``aff-rogachev`` →
``rogachev``) and needs its name, address, city and country in both languages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from ..refs.translit import transliterate
from ..writers.jats.types import ascii_id
from .jats_xml import XML_LANG, new_id, text_lang

if TYPE_CHECKING:
    from .jats_front import FrontReader
from .jats_refs import text_of


def _path(element: etree._Element) -> str:
    """A key for an element without an id (an ``aff`` inside its ``contrib``): its path in the document."""
    return "path:" + element.getroottree().getpath(element)


def read_affiliations(reader: FrontReader) -> tuple[dict, dict[str, str]]:
    """``affiliations`` (id → fields), and the new id of each JATS ``aff`` by its id and by :func:`_path`."""
    groups: list[tuple[str | None, list[etree._Element]]] = []
    for alternatives in reader.meta.iter("aff-alternatives"):
        groups.append((alternatives.get("id"), list(alternatives.findall("aff"))))
    inside = {id(a) for _, affs in groups for a in affs}
    for aff in reader.meta.iter("aff"):
        if id(aff) not in inside:
            groups.append((aff.get("id"), [aff]))
    out: dict = {}
    ids: dict[str, str] = {}
    for number, (jats_id, affs) in enumerate(groups, start=1):
        aff_id = new_id(jats_id, "aff", number, out)
        for aff in affs:
            ids[_path(aff)] = aff_id
            if aff.get("id"):
                ids[aff.get("id")] = aff_id
        if jats_id:
            ids[jats_id] = aff_id
        out[aff_id] = _affiliation(reader, aff_id, affs)
    return out, ids


def _affiliation(reader: FrontReader, aff_id: str, affs: list[etree._Element]) -> dict:
    names: list[etree._Element] = []
    parts: dict[str, list[etree._Element]] = {"addr-line": [], "city": [], "country": []}
    free: list[etree._Element] = []
    for aff in affs:
        found = [i for i in aff.iter("institution")]
        names += [_with_lang(i, aff) for i in found]
        for tag in parts:
            parts[tag] += [_with_lang(e, aff) for e in aff.iter(tag)]
        if not found:
            free.append(aff)
    fields: dict = {}
    if not names:
        for aff in free:
            label = aff.find("label")
            text = "".join(aff.itertext())
            if label is not None and label.text:
                text = text.replace(label.text, "", 1)
            element = etree.Element("x", {XML_LANG: text_lang(aff, reader.lang)})
            element.text = text
            names.append(element)
    original, english, _ = reader.pair(names)
    where = f"affiliations.{aff_id}"
    if original:
        fields["name"] = original
        if reader.lang != "en":
            reader.translate(f"{where}.name", english)
    else:
        reader.missing(f"{where}.name", "<institution> in the article's language", affs[0].sourceline)
    for tag, key in (("addr-line", "address"), ("city", "city")):
        ru, en, _ = reader.pair(parts[tag])
        if ru and en:
            fields[key] = {"ru": ru, "en": en}
        else:
            reader.missing(f"{where}.{key}", f"<{tag}> in Russian and English", affs[0].sourceline)
    countries = parts["country"]
    code = next((c.get("country") for c in countries if c.get("country")), None)
    ru, en, _ = reader.pair(countries)
    if code and ru and en:
        fields["country"] = {"code": code, "ru": ru, "en": en}
    else:
        reader.missing(
            f"{where}.country", '<country country="XX"> in Russian and English', affs[0].sourceline
        )
    for aff in affs:
        for iid in aff.iter("institution-id"):
            if (iid.get("institution-id-type") or "").lower() == "ror" and (ror := text_of(iid)):
                fields.setdefault("ror", ror)
    return fields


def read_authors(reader: FrontReader, aff_ids: dict[str, str]) -> list[dict]:
    out: list[dict] = []
    taken: set[str] = set()
    corresp_emails = _corresponding_emails(reader)
    for index, contrib in enumerate(reader.meta.iter("contrib"), start=1):
        if contrib.get("contrib-type") not in ("author", None):
            continue
        names = [n for n in contrib.iter("name") if n.getparent().tag in ("contrib", "name-alternatives")]
        by_lang: dict[str, etree._Element] = {}
        for name in names:
            by_lang.setdefault(text_lang(name, reader.lang), name)
        ru, en = by_lang.get("ru"), by_lang.get("en")
        base = transliterate(text_of((en if en is not None else ru).find("surname")) or "") if names else ""
        person_id = new_id(ascii_id(base.lower()) if base else None, "author", index, taken)
        taken.add(person_id)
        person: dict = {"id": person_id}
        name_fields = {}
        for lang, element in (("ru", ru), ("en", en)):
            if element is None:
                reader.missing(
                    f"authors[{index}].name.{lang}",
                    f"the {lang} name in <name-alternatives>",
                    contrib.sourceline,
                )
                continue
            surname, given = text_of(element.find("surname")), text_of(element.find("given-names"))
            if surname and given:
                name_fields[lang] = {"surname": surname, "given": given}
            else:
                reader.missing(
                    f"authors[{index}].name.{lang}", "<surname> and <given-names>", element.sourceline
                )
        if name_fields:
            person["name"] = name_fields
        affiliations = [
            aff_ids[rid]
            for x in contrib.iter("xref")
            if x.get("ref-type") == "aff"
            for rid in (x.get("rid") or "").split()
            if rid in aff_ids
        ]
        affiliations += [aff_ids[_path(a)] for a in contrib.iter("aff") if _path(a) in aff_ids]
        if affiliations:
            person["affiliations"] = list(dict.fromkeys(affiliations))
        else:
            reader.missing(f"authors[{index}].affiliations", 'an <xref ref-type="aff">', contrib.sourceline)
        _bio(reader, person, contrib)
        orcid = next(
            (
                text_of(c)
                for c in contrib.iter("contrib-id")
                if (c.get("contrib-id-type") or "").lower() == "orcid"
            ),
            None,
        )
        if orcid:
            person["orcid"] = re.sub(r"^https?://orcid\.org/", "", orcid)
        email = text_of(contrib.find("email"))
        corresponding = contrib.get("corresp") == "yes" or any(
            x.get("ref-type") == "corresp" for x in contrib.iter("xref")
        )
        if email is None and corresponding:
            rids = [x.get("rid") for x in contrib.iter("xref") if x.get("ref-type") == "corresp"]
            email = next((corresp_emails[r] for r in rids if r in corresp_emails), None)
        if email:
            person["email"] = email
        if corresponding:
            person["corresponding"] = True
        out.append(person)
    return out


def _corresponding_emails(reader: FrontReader) -> dict[str, str]:
    found = {}
    for corresp in reader.meta.iter("corresp"):
        email = text_of(corresp.find("email"))
        if corresp.get("id") and email:
            found[corresp.get("id")] = email
    return found


def _bio(reader: FrontReader, person: dict, contrib: etree._Element) -> None:
    """Degrees (the journal's, as ``writers.about`` prints them first) and the position, from ``bio``."""
    bios: dict[str, str] = {}
    for bio in contrib.findall("bio"):
        text = text_of(bio)
        if text:
            bios.setdefault(text_lang(bio, reader.lang), text)
    original = bios.get(reader.lang)
    if not original:
        return
    english = bios.get("en") if reader.lang != "en" else None
    degrees = []
    for degree in reader.journal.degrees if reader.journal else ():
        prefix_ru = f"{degree.name.ru}, "
        if original.startswith(prefix_ru) or original == degree.name.ru:
            degrees.append(degree.id)
            original = original[len(prefix_ru) :] if original != degree.name.ru else ""
            if english:
                english = english.removeprefix(f"{degree.name.en}, ").removeprefix(degree.name.en)
    if degrees:
        person["degrees"] = degrees
    if original:
        person["position"] = original
        if english:
            reader.translate(f"authors.{person['id']}.position", english)


def _with_lang(element: etree._Element, aff: etree._Element) -> etree._Element:
    """``element`` carrying its language: its own ``xml:lang``, else the ``aff``'s."""
    if element.get(XML_LANG) is None and aff.get(XML_LANG) is not None:
        copy = etree.Element(element.tag, {XML_LANG: aff.get(XML_LANG)}, **dict(element.attrib))
        copy.text = text_of(element)
        return copy
    return element
