import pytest

from db.validation import FieldChecks, InvalidInput


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
