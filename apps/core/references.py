"""Public reference numbers: unguessable, short enough to read over the phone, with a check
character, never a database id or a sequence.

Shape: a one-letter kind, then 8 random characters and 1 check character from Crockford's base32
alphabet (no I, L, O or U), grouped for reading: ``C-7K3M-9QX2-F``. 40 random bits: guessing one
of a million live references takes about a million tries, and tries are rate limited.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 8
# Characters people write for the ones the alphabet leaves out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_character(body: str) -> str:
    """Luhn mod 32: catches every single-character error and most swaps of neighbours."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def generate(kind: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    raw = body + _check_character(body)
    return f"{kind}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise(text: str) -> str | None:
    """The canonical form of a reference typed by a person, or None if it cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != RANDOM_LENGTH + 2 or not cleaned[0].isalpha():
        return None
    kind, raw = cleaned[0], cleaned[1:]
    if any(ch not in ALPHABET for ch in raw) or _check_character(raw[:-1]) != raw[-1]:
        return None
    return f"{kind}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_reference(kind: str, model) -> str:
    """A reference of `kind` that no row of `model` (with a unique `reference` field) holds yet.
    A clash of 40 random bits is rare, but over a million rows one is likely somewhere, and the
    person it befalls must not get an error for it; one indexed look-up rules it out."""
    while True:
        reference = generate(kind)
        if not model._default_manager.filter(reference=reference).exists():
            return reference
