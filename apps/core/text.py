"""Normalising what people type: Arabic names for matching and search, digits for numbers."""

import re
import unicodedata

import phonenumbers

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"\s+")
# "عبد الله" and "عبدالله" are the same name; so are "أبو بكر" and "أبوبكر".
_COMPOUND = re.compile(r"(?<!\S)(عبد|ابو) (?=\S)")
# Bidirectional controls pasted from other software; invisible, and they break matching.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def strip_bidi_controls(text: str) -> str:
    """The text without bidirectional control characters (free text shown to others: a pasted
    override can make a message read backwards)."""
    return _BIDI_CONTROLS.sub("", text or "")


def left_to_right(text: str) -> str:
    """`text` isolated as left-to-right, for a reference number inside a translated sentence:
    in Arabic, "A-MNM0-BRJM-P" would otherwise be reordered around its hyphens."""
    return f"\u2066{text}\u2069"


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits."""
    return (text or "").translate(_DIGITS)


def normalise_name(text: str) -> str:
    """A form of a name in which spelling variants of Arabic letters compare equal.

    Folds alef forms to bare alef, taa marbuta to haa, alef maqsura and yaa-hamza to yaa,
    waw-hamza to waw; drops diacritics, tatweel and bidi controls; lower-cases Latin letters;
    joins the compounds عبد and ابو to the word they belong to; collapses white space.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = strip_bidi_controls(text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).lower()
    text = _SPACES.sub(" ", text).strip()
    return _COMPOUND.sub(r"\1", text)


def normalise_mobile(text: str) -> str | None:
    """A Jordanian mobile number in E.164 (+9627XXXXXXXX), or None if it is not one.

    Accepts the ways people write it: 07XXXXXXXX, 7XXXXXXXX, +9627…, 009627…, 9627…, with
    spaces, dashes or brackets, in Arabic-Indic digits too.
    """
    digits = "".join(ch for ch in ascii_digits(text) if ch.isdigit() or ch == "+")
    if not digits:
        return None
    if digits.startswith("9627"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "JO")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 962 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
