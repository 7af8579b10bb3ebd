from apps.cases.models import Case
from apps.core import references
from tests.cases.factories import open_case


def test_a_new_reference_is_never_one_already_held(social_worker, monkeypatch):
    held = open_case(owner=social_worker).reference
    fresh = references.generate("C")
    drawn = iter([held, held, fresh])
    monkeypatch.setattr(references, "generate", lambda kind: next(drawn))
    assert references.new_reference("C", Case) == fresh


def test_references_read_back_as_written():
    made = references.generate("S")
    assert references.normalise(made.lower().replace("-", " ")) == made
    assert references.normalise(made[:-1] + ("0" if made[-1] != "0" else "1")) is None
