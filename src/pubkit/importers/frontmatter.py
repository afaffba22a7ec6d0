"""The front matter of a manuscript, line by line: the journal's labels and the shapes of names and addresses.

Authors lay out the first page as the journal's guidelines ask, in Russian and then in
English: title, authors with superscript affiliation marks, the affiliation list,
the abstract with its section labels, keywords, and labelled lines ("Для цитирования",
"Финансирование", ...). Each function here reads one such line; the order is
worked out in :mod:`pubkit.importers.docx`. Superscripts arrive wrapped in ``⟨…⟩``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = re.compile(r"⟨([^⟩]*)⟩")
_CYR = re.compile(r"[А-Яа-яЁё]")
_LAT = re.compile(r"[A-Za-z]")

# Abstract section labels, as authors write them, → article.yaml's abstract section kinds.
_SECTIONS = {
    "ru": (
        ("background", r"Обоснование|Введение|Актуальность|Предпосылки"),
        ("objective", r"Цель(?: исследования| работы)?|Цели"),
        ("methods", r"(?:Материалы?|Пациенты) и методы|Методы"),
        ("results", r"Результаты"),
        ("conclusions", r"Заключение|Выводы"),
    ),
    "en": (
        ("background", r"Background|Introduction|Relevance|Rationale"),
        ("objective", r"Objectives?|Aims?|Purpose"),
        ("methods", r"(?:Materials?|Patients) and [Mm]ethods|Methods"),
        ("results", r"Results"),
        ("conclusions", r"Conclusions?"),
    ),
}
# Labelled lines: kind, language, label. A label ends with ":" or "." (or the line).
_LABELS = (
    ("abstract", "ru", r"Резюме|Аннотация"),
    ("abstract", "en", r"Abstract|Summary"),
    ("keywords", "ru", r"Ключевые слова"),
    ("keywords", "en", r"Key ?words"),
    ("citation", "ru", r"Для цитирования"),
    ("citation", "en", r"For citations?"),
    ("doi", "", r"DOI"),
    ("section", "ru", r"Рубрика|Раздел"),
    ("section", "en", r"Section|Rubric"),
    ("funding", "ru", r"Финансирование|Источник финансирования"),
    ("funding", "en", r"Funding|Financing"),
    ("coi", "ru", r"Конфликт интересов"),
    ("coi", "en", r"Conflicts? of interests?"),
    ("contact", "ru", r"Контактные данные|Адрес для переписки|Для корреспонденции"),
    ("contact", "en", r"Correspondence|Contact information|Corresponding author"),
    ("udc", "", r"УДК|UDC"),
    ("dates", "ru", r"Статья поступила(?: в редакцию)?|Поступила(?: в редакцию)?"),
    ("dates", "en", r"Received"),
    ("about", "ru", r"Информация об авторах|Сведения об авторах|Об авторах"),
    ("about", "en", r"Information about the authors|About the authors"),
)
REFERENCE_HEADINGS = {
    "литература": "ru",
    "список литературы": "ru",
    "литература / references": "ru",
    "литература/references": "ru",
    "references": "en",
    "bibliography": "en",
}
# ISO 3166-1 codes of the countries the journal's authors come from, with the names the journal prints.
COUNTRIES = {
    "RU": ("Российская Федерация", "Russian Federation", ("россия", "рф", "russia")),
    "BY": ("Республика Беларусь", "Republic of Belarus", ("беларусь", "belarus")),
    "KZ": ("Республика Казахстан", "Republic of Kazakhstan", ("казахстан", "kazakhstan")),
    "UZ": ("Республика Узбекистан", "Republic of Uzbekistan", ("узбекистан", "uzbekistan")),
    "KG": ("Кыргызская Республика", "Kyrgyz Republic", ("киргизия", "кыргызстан", "kyrgyzstan")),
    "AM": ("Республика Армения", "Republic of Armenia", ("армения", "armenia")),
}
_STREET = re.compile(
    r"^(?:ул|пр|пр-т|просп|пер|ш|наб|б-р|бул|пл|проезд|мкр|д|корп|стр|к)\.?\s|\s(?:ул|пер|пр-т|ш)\.(?:\s|$)"
    r"|\b(?:St|Str|Ave|Avenue|Street|Road|Rd|Blvd|Lane|Ln|Sq|Square|Highway|Hwy|Emb|Embankment|Prospekt|"
    r"Pereulok|Bldg|Building|Lane)\b\.?",
    re.I,
)
_INITIALS = r"(?:[A-ZА-ЯЁ][a-zа-яё]{0,2}\.\s?-?\s?)+"
_SURNAME = r"[A-ZА-ЯЁ][\w’'-]+(?:[\s-](?:[A-ZА-ЯЁ]|von |van |de )[\w’'-]+)*"
_GIVEN_FIRST = re.compile(rf"^(?P<given>{_INITIALS})\s*(?P<surname>{_SURNAME})$")
_SURNAME_FIRST = re.compile(rf"^(?P<surname>{_SURNAME})\s+(?P<given>{_INITIALS})$")
_IMPRINT = re.compile(
    r"(?P<year>\d{4})\s?;\s?(?P<volume>\w+)\s?\((?P<issue>[\w–-]+)\)\s?:\s?(?P<fpage>\w+)\s?[-–—]\s?(?P<lpage>\w+)"
)
_DOI = re.compile(r"10\.\d{4,9}/[^\s]+?(?=[.,;]?(?:\s|$))")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORCID = re.compile(r"\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b")
_CONTACT_LABEL = re.compile(
    r"[,;]?\s*(?:e-?mail|эл\.\s?почта|ORCID(?: iD)?)\s*:?\s*(?=[\w.+-]+@|https?://|\d{4}-)|[,;]?\s*https?://orcid\.org/",
    re.I,
)


def script(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    return "ru" if len(_CYR.findall(text)) >= len(_LAT.findall(text)) and _CYR.search(text) else "en"


def plain(text: str) -> str:
    """The line without its superscript marks."""
    return " ".join(MARK.sub("", text).split())


@dataclass(frozen=True, slots=True)
class Labelled:
    """A labelled line: what it is (``keywords``, ``funding``, an abstract section ...), its language, the text after the label."""

    kind: str
    lang: str
    rest: str
    section: str | None = None  # for kind "section-of-abstract": background, methods ...
    label: str = ""


def labelled(text: str) -> Labelled | None:
    """The journal label the line starts with, if any."""
    line = plain(text)
    for kind, lang, pattern in _LABELS:
        end = r"\s*(?:[:.]\s*|$)" if kind not in ("udc", "doi") else r"(?:\s*[:.]?\s+|$)"
        found = re.match(rf"^(?:{pattern}){end}", line, re.I)
        if found and (kind != "doi" or _DOI.search(line)):
            return Labelled(kind, lang or script(line), line[found.end() :].strip())
    for lang, sections in _SECTIONS.items():
        for section, pattern in sections:
            found = re.match(rf"^(?P<label>{pattern})\s*(?:[:.]\s*|$)", line)
            if found:
                label = found.group("label")
                return Labelled("abstract-section", lang, line[found.end() :].strip(), section, label)
    return None


def keywords(text: str) -> list[str]:
    """``a; b; c`` or ``a, b, c`` → the keywords, without a final period."""
    text = text.strip().rstrip(".").strip()
    parts = text.split(";") if ";" in text else text.split(",")
    return [" ".join(part.split()) for part in parts if part.strip()]


def imprint(text: str) -> dict[str, str]:
    """Year, volume, issue, pages and DOI of a "For citation" line, as far as it gives them."""
    found: dict[str, str] = {}
    if match := _IMPRINT.search(text):
        found.update(match.groupdict())
    if match := _DOI.search(text):
        found["doi"] = match.group(0)
    return found


@dataclass(frozen=True, slots=True)
class Name:
    surname: str
    given: str
    marks: tuple[str, ...]
    corresponding: bool


def authors(text: str) -> list[Name] | None:
    """A byline (``А.Н. Турчина¹, Д.Ю. Качанов²*``, or ``Турчина А.Н.¹, …``), or ``None`` when it is not one."""
    parts = [p.strip() for p in re.split(r",\s*(?![^⟨]*⟩)|\s+(?:и|and)\s+", text) if p.strip()]
    names = []
    for part in parts:
        marks = [m for found in MARK.findall(part) for m in re.findall(r"[^,;\s*]+|\*", found)]
        bare = " ".join(MARK.sub("", part).replace("*", "").split())
        match = _GIVEN_FIRST.match(bare) or _SURNAME_FIRST.match(bare)
        if match is None:
            return None
        given = re.sub(r"\s+", "", match.group("given"))
        numbered = tuple(m for m in marks if m != "*")
        names.append(Name(match.group("surname"), given, numbered, "*" in marks or "*" in part))
    return names or None


@dataclass(frozen=True, slots=True)
class Place:
    """An affiliation line read: its mark, name and, when given after ``;``, its address split up."""

    mark: str
    name: str
    address: str | None
    city: str | None
    country: str | None  # ISO code


def affiliation(text: str) -> Place:
    """``¹ФГБУ …; Россия, 117997, Москва, ул. Саморы Машела, 1`` → name, address, city, country."""
    found = re.match(r"^\s*⟨([^⟩]*)⟩\s*", text)
    mark = found.group(1).strip() if found else ""
    line = plain(text[found.end() :] if found else text)
    name, _, rest = line.partition(";")
    address = city = country = None
    if rest.strip():
        parts = [p.strip() for p in rest.strip().rstrip(".").split(",") if p.strip()]
        kept = []
        for part in parts:
            code = country_code(part)
            if code and country is None:
                country = code
            else:
                kept.append(part)
        address = ", ".join(kept) or None
        for part in kept:
            candidate = re.sub(r"^г\.\s*", "", part)
            if not re.search(r"\d", candidate) and not _STREET.search(candidate):
                city = candidate
                break
    return Place(mark, name.strip(), address, city, country)


def country_code(name: str) -> str | None:
    """The ISO code of a country name the journal knows (either language, any of its usual forms)."""
    wanted = name.strip().rstrip(".").lower()
    for code, (ru, en, aliases) in COUNTRIES.items():
        if wanted in (ru.lower(), en.lower(), *aliases):
            return code
    return None


@dataclass(frozen=True, slots=True)
class About:
    """A line of "Информация об авторах": whose it is, the position, and the e-mail and ORCID it gives."""

    surname: str
    position: str
    email: str | None
    orcid: str | None


def about(text: str, surnames: list[str]) -> About | None:
    """``Качанов Д.Ю.: д-р мед. наук, заведующий …, e-mail: …; ORCID: …`` for one of ``surnames``, else ``None``."""
    line = plain(text)
    head = re.match(r"^(?P<name>[^:–—]{2,80}?)\s*(?::|\s[–—]\s)\s*(?P<rest>.+)$", line)
    if head is None:
        return None
    words = set(re.findall(r"[\w’'-]+", head.group("name")))
    found = [surname for surname in surnames if surname in words]
    if len(found) != 1:
        return None
    rest = head.group("rest")
    email, orcid = EMAIL.search(rest), ORCID.search(rest)
    position = EMAIL.sub("", ORCID.sub("", _CONTACT_LABEL.sub(" ", rest)))
    position = re.sub(r"\s+([,;.])", r"\1", " ".join(position.split())).strip(" ,;")
    return About(found[0], position, email.group(0) if email else None, orcid.group(0) if orcid else None)


_DATE_LABELS = (
    ("received", r"поступила(?: в редакцию)?|received"),
    ("accepted", r"принята(?: к печати| к публикации)?|accepted(?: for publication)?"),
    ("published", r"опубликована|published(?: online)?"),
)
_DATE = r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2})"


def dates(text: str) -> dict[str, str]:
    """``Статья поступила в редакцию: 31.01.2025. Принята к печати: 15.03.2025.`` → ISO dates by kind."""
    found = {}
    for kind, label in _DATE_LABELS:
        match = re.search(rf"(?:{label})\s*:?\s*(?:{_DATE})", text, re.I)
        if match:
            if match.group("iso"):
                found[kind] = match.group("iso")
            else:
                found[kind] = f"{match.group('y')}-{int(match.group('m')):02d}-{int(match.group('d')):02d}"
    return found
