import pytest

from db.validation import FieldChecks, InvalidInput, printable


def test_every_problem_of_a_form_is_reported_at_once():
    checks = FieldChecks()
    checks.text("name", "   ", "Name", 10)
    checks.text("title", "x" * 11, "Title", 10)
    checks.email("email", "not-an-address", "Email")
    with pytest.raises(InvalidInput) as error:
        checks.raise_if_any()
    assert error.value.errors == {
        "name": "Name is required.",
        "title": "Title is too long: 11 characters, at most 10.",
        "email": "Email does not look like an email address.",
    }


def test_clean_input_is_trimmed():
    checks = FieldChecks()
    assert checks.text("name", "  Ana  ", "Name", 10) == "Ana"
    assert checks.email("email", " Ana@Example.COM ", "Email") == "ana@example.com"
    checks.raise_if_any()


@pytest.mark.parametrize("text", ["Alex\u202e Morgan", "Broken \ufffd text", "Mojibake Ã\x91", "Iso\u2067late",
                                  "Zero\u200bwidth", "Byte\ufefforder", "Line\u2028break"])
def test_text_that_reads_otherwise_than_it_holds_is_refused(text):
    checks = FieldChecks()
    checks.text("typed_name", text, "Your name", 120)
    assert checks.errors == {"typed_name": "Your name contains control characters or invisible marks; please retype it."}


@pytest.mark.parametrize("text", ["Zoë Ñandú", "שלום עולם", "مرحبا\u200f", "Family 👨\u200d👩\u200d👧"])
def test_the_worlds_writing_is_kept(text):
    checks = FieldChecks()
    assert checks.text("note", text, "Note", 120) == text
    checks.raise_if_any()


@pytest.mark.parametrize("text", ["\u3164", "\u2800\u2800", " \u115f "])
def test_a_name_that_prints_as_nothing_counts_as_empty(text):
    checks = FieldChecks()
    checks.text("typed_name", text, "Your name", 120)
    assert checks.errors == {"typed_name": "Your name is required."}


def test_evidence_headers_keep_only_what_can_be_shown():
    assert printable("Mozilla/5.0\x85\x1b[31m (X11)\u202e", 512) == "Mozilla/5.0[31m (X11)"
    assert len(printable("a" * 600, 512)) == 512
