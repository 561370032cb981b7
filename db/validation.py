"""Checks on what people type. A failed check names the field and says what to fix; the
caller shows it next to the field, keeping the rest of the input."""

from __future__ import annotations

import re

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HEX_COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


# Never typed by people: control characters (PostgreSQL cannot even store NUL), the
# replacement character a broken encoding leaves behind, the direction overrides and
# isolates that make a name or note read differently from what it holds, and invisible
# separators and non-characters. Joiners and the left/right marks stay: some scripts and
# emoji need them.
UNSTORABLE = (
    {chr(code) for code in range(32) if chr(code) not in "\t\n\r"}
    | {chr(code) for code in range(0x7F, 0xA0)}
    | {chr(code) for code in range(0x202A, 0x202F)}
    | {chr(code) for code in range(0x2066, 0x206A)}
    | set("\u200b\u2028\u2029\u2060\ufeff\ufff9\ufffa\ufffb\ufffd\ufffe\uffff")
)
# Letters that print as nothing: a name made of them looks blank.
BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_text(text: str) -> bool:
    """False for text that is only spaces or invisible characters (zero-width spaces)."""
    return any(
        character.isprintable() and not character.isspace() and character not in BLANK_LOOKING for character in text
    )


def printable(text: str, max_length: int) -> str:
    """A header kept as evidence (the browser's name), without what could not be shown."""
    return "".join(character for character in text if character.isprintable() and character not in UNSTORABLE)[:max_length]


class InvalidInput(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class FieldChecks:
    """Collects every problem of one form, so the person sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def text(self, field: str, value: str | None, label: str, max_length: int, required: bool = True) -> str:
        cleaned = (value or "").strip()
        if required and not has_visible_text(cleaned):
            self.errors[field] = f"{label} is required."
        elif any(character in UNSTORABLE for character in cleaned):
            self.errors[field] = f"{label} contains control characters or invisible marks; please retype it."
        elif len(cleaned) > max_length:
            self.errors[field] = f"{label} is too long: {len(cleaned)} characters, at most {max_length}."
        return cleaned

    def email(self, field: str, value: str | None, label: str, required: bool = False) -> str:
        # Lower-cased before the length check: some letters grow ("İ" becomes two characters).
        cleaned = self.text(field, (value or "").lower(), label, 254, required=required)
        if cleaned and field not in self.errors and not EMAIL_PATTERN.match(cleaned):
            self.errors[field] = f"{label} does not look like an email address."
        return cleaned

    def choice(self, field: str, value: str | None, label: str, allowed: dict[str, str]) -> str:
        if value not in allowed:
            self.errors[field] = f"Choose one {label.lower()}: {', '.join(allowed.values())}."
            return ""
        return value

    def colour(self, field: str, value: str | None, label: str) -> str:
        cleaned = (value or "").strip()
        if not HEX_COLOUR_PATTERN.match(cleaned):
            self.errors[field] = f"{label} must be a colour like #3455db."
        return cleaned.lower()

    def fail(self, field: str, message: str) -> None:
        self.errors[field] = message

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(dict(self.errors))
