"""Hostile strings: a named corpus, a Hypothesis strategy, and what "refused" means.

Used by test_hostile_strings.py. Every string is either stored exactly (after the
documented clean-up: outer whitespace trimmed, CR/CRLF become newlines in notes,
tabs become spaces in one-line fields) or refused with a message.
"""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from kith.data.text import BIDI_CONTROLS

CORPUS: dict[str, str] = {
    # Textual / Rich markup
    "close tag": "[/]",
    "bold": "[b]bold[/b]",
    "bold close only": "Ann [/bold]",
    "click quit": "[@click=app.quit]x[/]",
    "click notify": "[@click=app.notify('pwned')]click me[/]",
    "link": "[link=https://example.com]x[/link]",
    "colour": "[red on white]Red[/]",
    "upper tag": "[B]shout[/B]",
    "variable": "[$accent]x[/] $name $accent",
    "escaped bracket": "\\[b] not bold",
    "trailing backslash": "ends with \\",
    "unclosed": "[b",
    "lonely close": "]",
    "double brackets": "[[b]]",
    "emoji code": ":warning: :smile:",
    "format": "{0} {name} %s %(x)s",
    "html": "<script>alert(1)</script>&amp;",
    "csv": '=HYPERLINK("https://example.com")',
    # terminal escapes and control characters (refused)
    "csi colour": "\x1b[31mred",
    "csi clear": "\x1b[2J\x1b[H",
    "osc title": "\x1b]0;pwned\x07",
    "osc 8 link": "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "c1 csi": "\x9b31m",
    "bell": "ding\x07",
    "backspace": "over\x08\x08written",
    "nul": "a\x00b",
    "del": "a\x7fb",
    "nel": "a\x85b",
    "carriage return": "hidden\rshown",
    "vertical tab": "a\x0bb",
    # bidirectional controls (refused) and marks (allowed)
    "rlo": "\u202eevil.exe",
    "isolate": "\u2066iso\u2069",
    "rlm mark": "name\u200f",
    # combining marks, emoji, wide and right-to-left text (allowed)
    "combining": "e\u0301 n\u0303 Z\u0335\u0321\u031b\u0316\u033aa\u0338l\u0336",
    "many combining": "a" + "\u0301" * 40,
    "zwj family": "👩\u200d👩\u200d👧\u200d👦",
    "rainbow flag": "🏳️\u200d🌈",
    "skin tone": "👍🏽",
    "cjk": "漢字かなカナ한국어",
    "fullwidth": "ＦＵＬＬ",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "zero width space": "zero\u200bwidth",
    "bom": "\ufeffbom",
    "line separator": "a\u2028b",
    "nfd": "A\u030a ångström",
    # lone surrogates (cannot be written as UTF-8)
    "surrogate": "x\ud800y",
    "escaped byte": "caf\udce9",
    # whitespace and size
    "tab": "a\tb",
    "spaces": "   ",
    "newline": "one\ntwo",
    "crlf": "one\r\ntwo",
    "long word": "w" * 300,
}

LONG_NOTE = ("A long note. " * 800)[:10_000]
TOO_LONG_NOTE = LONG_NOTE + "!"


def forbidden(value: str) -> bool:
    """What Kith must never store: control characters (newline and tab aside),
    bidi overrides, and lone surrogates (not encodable)."""
    for char in value:
        if char in BIDI_CONTROLS:
            return True
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and char not in "\n\t\r"):
            return True
    return False


def hostile_text() -> st.SearchStrategy[str]:
    """Corpus strings, random Unicode (surrogates and controls included), and
    corpus pieces glued to random text."""
    pieces = list(CORPUS.values())
    any_char = st.characters(codec=None, categories=None)
    return st.one_of(
        st.sampled_from(pieces),
        st.text(any_char, max_size=40),
        st.text(st.characters(categories=["Cc", "Cf", "Cs", "Mn", "Zl", "Zp"]), max_size=8),
        st.lists(st.one_of(st.sampled_from(pieces), st.text(any_char, max_size=6)), max_size=5).map(
            "".join
        ),
    )
