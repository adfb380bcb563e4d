"""Decoding raw texts: what is read, what is refused, and how the refusal is worded."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from township_reader.decode.text import InputError, decode_bytes

SPEECH = (SEEDS / "002_5eef2dcfcacf4ebd.txt").read_text(encoding="utf-8")
ESSAY = (SEEDS / "000_1d6332c7d5c87aac.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs"])
def test_the_speech_in_big5_reads_as_itself(encoding):
    text, found = decode_bytes(SPEECH.encode(encoding))
    assert text == SPEECH and found in {"big5hkscs", "cp950"}


@pytest.mark.parametrize("text", [ESSAY, SPEECH])
def test_gb18030_still_reads_as_itself(text):
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark(encoding):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
           "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    text, found = decode_bytes(bom + ESSAY.encode(encoding))
    assert text == ESSAY and found.startswith(encoding[:6])


def test_bytes_that_read_as_chinese_in_both_legacy_encodings_are_refused_naming_both():
    """啊 is B0A1 in GB2312 and 家 in Big5, both common: a text of such characters is either."""
    ambiguous = "啊啊啊阿埃挨哎唉哀皑癌蔼矮艾碍爱隘".encode("gb18030")
    with pytest.raises(InputError, match=r"reads as Chinese both as GB18030 and as Big5 \(as GB18030 100% CJK, "
                                         r"\d+% .*; as BIG5HKSCS .*\), so the encoding is ambiguous — save the file as UTF-8"):
        decode_bytes(ambiguous, "a.txt")


def test_bytes_that_are_chinese_in_neither_are_refused():
    with pytest.raises(InputError, match=r"no legacy reading is Chinese text \(as GB18030 \d+% CJK, \d+% of its Han"):
        decode_bytes(bytes(range(0xA1, 0xFF)) * 2, "a.txt")  # every double-byte pair, GB18030's rare ones too
    with pytest.raises(InputError, match=r"not UTF-8 \(invalid byte at byte 3\), nor GB18030 nor Big5"):
        decode_bytes("café naïve résumé déjà vu, façade".encode("latin-1"), "a.txt")


@pytest.mark.parametrize(("char", "what"), [("\u0085", "a C1 control character"), ("\x07", "a control character"),
                                            ("\ufffe", "a Unicode noncharacter"), ("\U0010ffff", "a Unicode noncharacter"),
                                            ("\ue000", "a private-use character the converter uses")])
def test_characters_no_text_holds_are_refused_with_line_and_column(char, what):
    with pytest.raises(InputError, match=rf"^a\.txt:3: contains U\+{ord(char):04X} at column 4, {what}"):
        decode_bytes(f"标题\n\n第一段{char}。\n".encode(), "a.txt")
