"""The shared Block Kit builders keep within Slack's limits without losing or blanking text."""

from __future__ import annotations

from handlers.blockkit import SECTION_TEXT_MAX, option, sections, static_select


def test_a_line_longer_than_a_section_is_split_not_blanked() -> None:
    text = "x" * (SECTION_TEXT_MAX + 10) + "\nend"
    out = sections(text)
    texts = [b["text"]["text"] for b in out]
    assert all(t.strip() for t in texts)
    assert all(len(t) <= SECTION_TEXT_MAX for t in texts)
    assert "".join(texts).replace("\n", "") == text.replace("\n", "")


def test_the_initial_option_is_one_of_the_options_shown() -> None:
    options = [option(f"o{i}", str(i)) for i in range(150)]
    assert "initial_option" not in static_select("a", options, initial="120")
    assert static_select("a", options, initial="7")["initial_option"]["value"] == "7"
