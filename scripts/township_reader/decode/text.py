"""Stage 0 — read a raw text file and decode it to a ``str``.

The seeds are UTF-8, but editors will bring texts saved by other tools: with a byte-order
mark, with CRLF line ends, in UTF-16, in GB18030/GBK (mainland China) or in Big5 (Taiwan,
Hong Kong).  All of those must give exactly the text a plain UTF-8 file would give, so
that the rest of the pipeline never sees the difference.  Anything we cannot read with
confidence is refused with a one-line :class:`InputError` that names the file (and, where
it helps, the line) and says what to do.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from township_reader.datafile import shown_name
from township_reader.vocabulary import is_han

# The largest raw text accepted: 4 MiB, about 1.4 million Chinese characters in UTF-8, 80 times
# the longest seed (50 KB). Converting one takes about 0.8 s and 90 MB of memory a MiB (3.6 MB of
# the speech repeated: 2.7 s, 310 MB); a 50 MB text took 2.5 minutes and 3.3 GB. A text this
# large is not one text of a reader but a corpus of its own: split it.
MAX_RAW_TEXT_BYTES = 4 * 1024 * 1024

# Byte-order marks, longest first (UTF-32 LE's starts with UTF-16 LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
UTF8_BOM = codecs.BOM_UTF8

# Share of characters that must be Han (or CJK punctuation) before we trust a legacy
# reading: random bytes often decode as GB18030, but not as Chinese prose.
MIN_CJK_SHARE_FOR_GB18030 = 0.3
# The legacy encodings a non-UTF-8 Chinese text is tried in: GB18030 (a superset of GBK and
# GB2312) and Big5 (with Hong Kong's HKSCS; Windows' cp950 if that fails). Many byte strings
# decode in both: Big5 text read as GB18030 is valid, and garbage (琌𬘡产俱瞆…).
LEGACY_ENCODINGS = {"gb18030": ("gb18030",), "big5": ("big5hkscs", "cp950")}
# Share of a reading's Han characters that must be common ones (see common_han) for it to be
# Chinese prose: the seeds have 99.7–100%; the speech saved in Big5 and read as GB18030 57%.
MIN_COMMON_HAN_SHARE = 0.9

# Characters no prose contains and that must never reach the pipeline: C0 controls other than
# tab, newline and carriage return; DEL and the C1 controls (U+0085 is a line break to Python's
# splitlines and to YAML); the private-use character the converter uses to mark gaps and
# article boundaries (trace.SENTINEL); and Unicode's noncharacters (U+FFFE, U+FFFF …).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


class InputError(Exception):
    """A raw text that cannot be converted; ``str(err)`` is a one-line message naming the file."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.file = path
        self.path = shown_name(str(path))
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class RawText:
    """A decoded raw text: its file name, its text with LF line ends, and how it was encoded."""

    path: Path
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "gb18030", "big5hkscs" …

    @property
    def name(self) -> str:
        return self.path.name


def unsafe_name_character(name: str) -> str | None:
    """The first control, format (bidi, zero-width) or line-separator character in a file name.

    >>> unsafe_name_character("镇长讲话.txt"), unsafe_name_character("a\u202etxt.exe")
    (None, '\u202e')
    """
    for ch in name:
        if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}:
            return ch
    return None


def is_cjk(ch: str) -> bool:
    """True for Han characters and CJK punctuation / full-width forms."""
    return is_han(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


@functools.cache
def common_han() -> frozenset[str]:
    """The common Han characters of both scripts, from the standards' own first levels: GB 2312's
    level 1 (3,755 characters, B0A1–D7F9) and Big5's level 1 (5,401, A440–C67E), 6,816 in all.

    >>> len(common_han()), "镇" in common_han(), "鎮" in common_han(), "琌" in common_han()
    (6816, True, True, False)
    """
    chars: set[str] = set()
    for encoding, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                    ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def normalize_line_ends(text: str) -> str:
    r"""CRLF and lone CR become LF.

    >>> normalize_line_ends("第一行\r\n第二行\r第三行")
    '第一行\n第二行\n第三行'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    r"""Decode raw bytes to text; return ``(text, encoding)`` or raise :class:`InputError`.

    >>> decode_bytes("乡镇".encode("utf-8"))
    ('乡镇', 'utf-8')
    >>> decode_bytes(b"\xef\xbb\xbf" + "乡镇\r\n".encode("utf-8"))
    ('乡镇\n', 'utf-8-sig')
    >>> decode_bytes("乡镇党委书记".encode("gb18030"))
    ('乡镇党委书记', 'gb18030')
    >>> decode_bytes("鄉鎮黨委書記和鎮長們的座談會".encode("big5"))
    ('鄉鎮黨委書記和鎮長們的座談會', 'big5hkscs')
    >>> decode_bytes("乡镇\n".encode("utf-16"))
    ('乡镇\n', 'utf-16-le')
    """
    if len(data) > MAX_RAW_TEXT_BYTES:
        raise InputError(path, f"too large ({len(data):,} bytes; the limit is {MAX_RAW_TEXT_BYTES:,}) — "
                               "split it into several texts")
    if not data.strip():
        raise InputError(path, "file is empty")
    bom = next(((mark, name) for mark, name in BOMS if data.startswith(mark)), None)
    if bom:
        mark, encoding = bom
        try:
            text = data[len(mark):].decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(path, f"starts with a {encoding.upper()} byte-order mark but is not "
                                   f"{encoding.upper()} (invalid bytes at byte {err.start + len(mark)}) — "
                                   "save the file as UTF-8") from None
    elif b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), expected a text file — if it is UTF-16 "
                               "without a byte-order mark, save it as UTF-8")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            text, encoding = _decode_legacy(data, path, utf8_error)
    bad = FORBIDDEN.search(text)
    if bad:
        raise InputError(path, _forbidden_message(text, bad.start()), line=text.count("\n", 0, bad.start()) + 1)
    text = normalize_line_ends(text)
    if not text.strip():
        raise InputError(path, "file is empty")
    return text, encoding


def _forbidden_message(text: str, at: int) -> str:
    ch = text[at]
    column = at - text.rfind("\n", 0, at)
    code = f"U+{ord(ch):04X}"
    if ch == "\ue000":
        return (f"contains {code} at column {column}, a private-use character the converter uses to mark gaps "
                "and article boundaries — remove it")
    if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
        what = "a C1 control character" if ord(ch) >= 0x80 else "a control character"
        return (f"contains {code} at column {column}, {what} no text contains — if the file is binary it is not "
                "a raw text; otherwise remove the character")
    return f"contains {code} at column {column}, a Unicode noncharacter — remove it"


def _decode_legacy(data: bytes, path: Path | str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """A non-UTF-8 file in GB18030 or Big5, if exactly one of them reads as Chinese prose."""
    where = f"byte {utf8_error.start}"
    readings: dict[str, tuple[str, str]] = {}  # family -> (text, encoding)
    for family, encodings in LEGACY_ENCODINGS.items():
        for encoding in encodings:
            try:
                readings[family] = (data.decode(encoding), encoding)
                break
            except UnicodeDecodeError:
                continue
    if not readings:
        raise InputError(path, f"not UTF-8 (invalid byte at {where}), nor GB18030 nor Big5 — save the file as UTF-8")
    scores = {family: _chinese_scores(text) for family, (text, _) in readings.items()}
    chinese = [f for f, (cjk, common) in scores.items()
               if cjk >= MIN_CJK_SHARE_FOR_GB18030 and common >= MIN_COMMON_HAN_SHARE]
    if len(chinese) == 1:
        return readings[chinese[0]]
    tried = "; ".join(f"as {readings[f][1].upper()} {cjk:.0%} CJK, {common:.0%} of its Han characters common"
                      for f, (cjk, common) in scores.items())
    if chinese:
        raise InputError(path, f"not UTF-8 (invalid byte at {where}), and it reads as Chinese both as GB18030 and "
                               f"as Big5 ({tried}), so the encoding is ambiguous — save the file as UTF-8")
    raise InputError(path, f"not UTF-8 (invalid byte at {where}); no legacy reading is Chinese text ({tried}), "
                           "so the encoding is unknown — save the file as UTF-8")


def _chinese_scores(text: str) -> tuple[float, float]:
    """The share of CJK characters among the visible ones, and of common ones among the Han."""
    visible = [ch for ch in text if not ch.isspace()]
    cjk = sum(map(is_cjk, visible)) / max(len(visible), 1)
    han = [ch for ch in visible if is_han(ch)]
    common = common_han()
    return cjk, sum(ch in common for ch in han) / max(len(han), 1)


def read_raw_text(path: Path | str) -> RawText:
    """Read and decode one raw text file: a regular file (not a device or pipe, which could
    block the build), no larger than :data:`MAX_RAW_TEXT_BYTES`, whose name is safe to show."""
    path = Path(path)
    if bad := unsafe_name_character(path.name):
        raise InputError(path, f"the file name contains U+{ord(bad):04X}, a control or invisible character — "
                               "rename the file")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, expected a text file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "is not a regular file (a device, pipe or socket), expected a text file")
    if info.st_size > MAX_RAW_TEXT_BYTES:
        raise InputError(path, f"too large ({info.st_size:,} bytes; the limit is {MAX_RAW_TEXT_BYTES:,}) — "
                               "split it into several texts")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # no wait if it was swapped for a pipe
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(path, "is not a regular file, expected a text file")
            data = handle.read(MAX_RAW_TEXT_BYTES + 1)
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from None
    text, encoding = decode_bytes(data, path)
    return RawText(path=path, text=text, encoding=encoding)
