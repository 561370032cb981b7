import itertools

from routes.brand_colours import brand_palette, contrast

WHITE = (255, 255, 255)
# Every corner and middle of the colour cube: pale, dark, saturated and grey colours.
CHANNELS = (0x00, 0x44, 0x80, 0xbb, 0xee, 0xff)
COLOURS = ["#" + "".join(f"{c:02x}" for c in rgb) for rgb in itertools.product(CHANNELS, repeat=3)]


def _rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def test_any_brand_colour_gives_readable_text_on_it_and_readable_links():
    for colour in COLOURS:
        palette = brand_palette(colour)
        assert contrast(_rgb(palette["on_accent"]), _rgb(palette["accent"])) >= 4.5, colour
        assert contrast(_rgb(palette["accent_ink"]), WHITE) >= 4.5, colour


def test_a_colour_that_already_reads_well_is_kept_as_picked():
    assert brand_palette("#3455db") == {"accent": "#3455db", "on_accent": "#ffffff", "accent_ink": "#3455db"}


def test_a_pale_yellow_gets_dark_text_and_darker_links():
    palette = brand_palette("#ffee00")
    assert palette["accent"] == "#ffee00" and palette["on_accent"] == "#1c1f24"
    assert palette["accent_ink"] != "#ffee00"
