"""The colours a page derives from a workspace's brand colour, so that any colour an owner
picks stays readable: text on the accent, and the accent as text on white, both meet
WCAG's 4.5:1 contrast."""

from __future__ import annotations

WHITE = (255, 255, 255)
INK = (28, 31, 36)  # --ink in static/portal.css
READABLE_CONTRAST = 4.5
DARKENING_STEP = 0.05


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def brand_palette(brand_colour: str) -> dict[str, str]:
    """--accent (backgrounds: header, primary buttons), --on-accent (text on it) and
    --accent-ink (links, outlines: the accent darkened until it reads on white)."""
    accent = _rgb(brand_colour)
    ink, darkness = accent, 0.0
    while contrast(ink, WHITE) < READABLE_CONTRAST:
        darkness += DARKENING_STEP
        ink = tuple(round(channel * (1 - darkness)) for channel in accent)  # type: ignore[assignment]
    on_accent = WHITE if contrast(WHITE, accent) >= contrast(INK, accent) else INK
    if contrast(on_accent, accent) < READABLE_CONTRAST:
        # A middle grey or tone reads with neither white nor ink: darken the background.
        accent, on_accent = ink, WHITE
    return {"accent": _hex(accent), "on_accent": _hex(on_accent), "accent_ink": _hex(ink)}
