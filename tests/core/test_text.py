"""apps/core/text.py (names and mobile numbers) and apps/core/references.py."""

import pytest

from apps.core import references
from apps.core.text import ascii_digits, normalise_mobile, normalise_name

# Names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        # alef with hamza above, below, madda, wasla: all bare alef
        ("أحمد", "احمد"),
        ("إحمد", "احمد"),
        ("آمنة", "امنه"),
        ("ٱلرحمن", "الرحمن"),
        ("إسماعيل", "اسماعيل"),
        # taa marbuta written as haa
        ("فاطمة", "فاطمه"),
        ("حمزة", "حمزه"),
        # alef maqsura written as yaa, and yaa with hamza
        ("مصطفى", "مصطفي"),
        ("عيسى", "عيسي"),
        ("هانئ", "هاني"),
        # waw with hamza
        ("مؤمن", "مومن"),
        # diacritics (fatha, kasra, damma, shadda, sukun, tanween) and superscript alef
        ("فاطِمَة", "فاطمه"),
        ("مُحَمَّد", "محمد"),
        ("عبدُالرَّحْمٰن", "عبدالرحمن"),
        # tatweel, however long
        ("محـــمد", "محمد"),
        ("ســـعيد", "سعيد"),
        # the compounds عبد and أبو, written apart or together
        ("عبد الله", "عبدالله"),
        ("أبو بكر", "ابوبكر"),
    ],
)
def test_arabic_spelling_variants_compare_equal(written, same_as):
    assert normalise_name(written) == normalise_name(same_as)


def test_the_normal_form_of_a_full_name():
    assert normalise_name("  أحمدُ   محمد  علــى  الخطيب ") == "احمد محمد علي الخطيب"


def test_a_name_with_several_variants_at_once():
    assert normalise_name("فاطِمَة بنت عبد الله مصطفى") == normalise_name("فاطمه بنت عبدالله مصطفي")


def test_different_names_stay_different():
    assert normalise_name("محمد") != normalise_name("محمود")
    assert normalise_name("عمر") != normalise_name("عمرو")


def test_bidi_control_characters_pasted_with_a_name_are_dropped():
    pasted = "\u200fأحمد\u200e \u202bالخطيب\u202c\u2066\u2069\u061c"
    assert normalise_name(pasted) == "احمد الخطيب"


def test_latin_names_are_lower_cased_and_spaces_collapsed():
    assert normalise_name("  Ahmad   AL-Khatib ") == "ahmad al-khatib"
    assert normalise_name("FATIMA") == normalise_name("fatima")


def test_abd_is_joined_only_as_a_word_of_its_own():
    # "عبدالله" written apart joins; "عبد" inside another word is left alone.
    assert normalise_name("محمد عبد الله") == "محمد عبدالله"
    assert normalise_name("عبدالله") == "عبدالله"
    assert normalise_name("ابو") == "ابو"  # alone, at the end: nothing to join


def test_nothing_in_nothing_out():
    assert normalise_name("") == ""
    assert normalise_name(None) == ""


# Digits and mobile numbers ------------------------------------------------------------------------


def test_arabic_indic_and_persian_digits_become_ascii():
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert ascii_digits("رقم ٩٨٧") == "رقم 987"


@pytest.mark.parametrize(
    "written",
    [
        "0791234567",
        "791234567",
        "+962791234567",
        "00962791234567",
        "962791234567",
        "٠٧٩١٢٣٤٥٦٧",
        "+٩٦٢٧٩١٢٣٤٥٦٧",
        "079 123 4567",
        "079-123-4567",
        "(079) 123-4567",
        "+962 79 123 4567",
        " 0791234567 ",
    ],
)
def test_the_ways_people_write_a_mobile_number(written):
    assert normalise_mobile(written) == "+962791234567"


@pytest.mark.parametrize("prefix", ["077", "078", "079"])
def test_every_jordanian_mobile_operator(prefix):
    assert normalise_mobile(f"{prefix}5551234") == f"+962{prefix[1:]}5551234"


@pytest.mark.parametrize(
    "written",
    [
        "065555555",  # an Amman landline
        "+96265555555",  # the same, international
        "0791234",  # too short
        "07912345678",  # too long
        "+447911123456",  # a British mobile
        "not a number",
        "07abc",
        "",
        "+",
    ],
)
def test_what_is_not_a_jordanian_mobile_number(written):
    assert normalise_mobile(written) is None


def test_no_mobile_number_at_all():
    assert normalise_mobile(None) is None


# References -------------------------------------------------------------------------------------


def test_a_generated_reference_has_the_documented_shape():
    reference = references.generate("H")
    kind, first, second, check = reference.split("-")
    assert (kind, len(first), len(second), len(check)) == ("H", 4, 4, 1)
    assert set(first + second + check) <= set(references.ALPHABET)


def test_generated_references_round_trip_through_normalise():
    for _ in range(200):
        reference = references.generate("C")
        assert references.normalise(reference) == reference


def test_references_are_not_a_sequence():
    assert len({references.generate("H") for _ in range(200)}) == 200


def test_a_single_changed_character_is_rejected():
    reference = references.generate("R")
    raw = reference.replace("-", "")[1:]
    for position, original in enumerate(raw):
        for replacement in references.ALPHABET:
            if replacement == original:
                continue
            typo = raw[:position] + replacement + raw[position + 1 :]
            assert references.normalise(f"R{typo}") is None, (reference, position, replacement)


def test_references_as_people_type_them():
    reference = references.generate("H")
    assert references.normalise(reference.lower()) == reference
    assert references.normalise(reference.replace("-", " ")) == reference
    assert references.normalise(reference.replace("-", "")) == reference


def test_letters_read_as_digits_are_accepted():
    # Find a reference with a 0 and a 1 in it, then type O for 0 and I or L for 1.
    reference = next(
        r
        for r in (references.generate("H") for _ in range(10_000))
        if "0" in r[2:] and "1" in r[2:]
    )
    typed = "H" + reference[1:].replace("0", "O")
    assert references.normalise(typed) == reference
    assert references.normalise("H" + reference[1:].replace("1", "I")) == reference
    assert references.normalise("h" + reference[1:].replace("1", "l").lower()) == reference


@pytest.mark.parametrize("text", ["", "H-", "H-1234-5678", "12345678901", "H-7K3M-9QX2-F-Z"])
def test_what_cannot_be_a_reference(text):
    assert references.normalise(text) is None
