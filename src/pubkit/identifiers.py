"""Identifier checks (ISSN, DOI, ORCID, ROR, e-mail): each returns what is wrong, or ``None``.

Check digits come from python-stdnum (ISSN; ORCID is an ISNI with the ISO 7064
MOD 11-2 check; ROR's two check digits are ISO 7064 MOD 97-10 of its base-32 number);
e-mail addresses through email-validator (syntax only, nothing is looked up). DOIs have
no check digit, so their syntax is matched by the pattern Crossref publishes.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from stdnum import isni, issn
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# The suffix names output files (<doi-suffix>.ru.pdf, an issue's <doi-suffix>/ folder): Crossref's
# recommended characters without "/" and ":", not starting with a dot.
_DOI_SUFFIX = re.compile(r"^[A-Za-z0-9_;()-][A-Za-z0-9._;()-]{0,199}$")
_DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_ROR = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # ROR's base 32 alphabet


def issn_problem(value: str) -> str | None:
    try:
        issn.validate(value)
    except ValidationError as exc:
        return f"{value!r} is not a valid ISSN ({exc}); expected NNNN-NNNC with a correct check digit"
    if issn.format(value) != value:
        return f"{value!r} is not written as {issn.format(value)!r}; expected NNNN-NNNC"
    return None


def doi_problem(value: str) -> str | None:
    if not _DOI.match(value):
        return f"{value!r} is not a DOI; expected 10.NNNN/suffix (no https://doi.org/ in front)"
    suffix = value.split("/", 1)[1]
    if not _DOI_SUFFIX.match(suffix) or ".." in suffix:
        return (
            f"the DOI suffix {suffix!r} cannot name the article's files; expected letters, digits and "
            "- . _ ; ( ) only (no '/', '..', spaces or a leading dot)"
        )
    return None


def doi_prefix_problem(value: str) -> str | None:
    if not _DOI_PREFIX.match(value):
        return f"{value!r} is not a DOI prefix; expected 10. followed by 4 to 9 digits, e.g. 10.21682"
    return None


def orcid_problem(value: str) -> str | None:
    if not _ORCID.match(value):
        return f"{value!r} is not an ORCID iD; expected 0000-0000-0000-000X (without https://orcid.org/)"
    if not isni.is_valid(value.replace("-", "")):
        return f"checksum fails for {value!r}; expected an ORCID iD with a correct check digit"
    return None


def ror_problem(value: str) -> str | None:
    bare = value.removeprefix("https://ror.org/")
    if not _ROR.match(bare):
        return f"{value!r} is not a ROR id; expected 9 characters such as 05dxps055"
    number = 0
    for char in bare[1:7]:
        number = number * 32 + _CROCKFORD.index(char)
    # ROR's check digits are ISO 7064 MOD 97-10 of the base-32 number (ror.org/blog/2019-05-29).
    if mod_97_10.calc_check_digits(str(number)) != bare[7:]:
        return f"checksum fails for {value!r}; expected a ROR id with correct check digits"
    return None


def email_problem(value: str) -> str | None:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"{value!r} is not an e-mail address ({exc}); expected name@host.domain"
    return None
