"""Stage 0 — read a raw text file and decode it to a ``str``.

The seeds are UTF-8, but editors will bring texts saved by Windows tools: with a
byte-order mark, with CRLF line ends, or in GB18030/GBK.  All of those must give
exactly the text a plain UTF-8 file would give, so that the rest of the pipeline
never sees the difference.  Anything we cannot read with confidence is refused
with a one-line :class:`InputError` that names the file and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"

# Share of characters that must be Han (or CJK punctuation) before we trust a
# GB18030 reading: random bytes often decode as GB18030, but not as Chinese prose.
MIN_CJK_SHARE_FOR_GB18030 = 0.3

# C0 control characters other than tab, newline and carriage return: prose never has them.
CONTROL_CHARS = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}
_CONTROL = re.compile(f"[{re.escape(''.join(sorted(CONTROL_CHARS)))}]")  # one C-level scan


class InputError(Exception):
    """A raw text that cannot be converted; ``str(err)`` is a one-line message naming the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class RawText:
    """A decoded raw text: its file name, its text with LF line ends, and how it was encoded."""

    path: Path
    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"

    @property
    def name(self) -> str:
        return self.path.name


def is_cjk(ch: str) -> bool:
    """True for Han characters and CJK punctuation / full-width forms."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FA1F
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0xF900 <= o <= 0xFAFF
    )


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
    """
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), expected a text file")
    encoding = "utf-8"
    if data.startswith(UTF8_BOM):
        data, encoding = data[len(UTF8_BOM) :], "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text, encoding = _decode_gb18030(data, path, utf8_error)
    if _CONTROL.search(text):
        raise InputError(path, "binary file (contains control characters), expected a text file")
    text = normalize_line_ends(text)
    if not text.strip():
        raise InputError(path, "file is empty")
    return text, encoding


def _decode_gb18030(data: bytes, path: Path | str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    where = f"byte {utf8_error.start}"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(path, f"not UTF-8 (invalid byte at {where}) and not GB18030/GBK either") from None
    visible = [ch for ch in text if not ch.isspace()]
    share = sum(is_cjk(ch) for ch in visible) / max(len(visible), 1)
    if share < MIN_CJK_SHARE_FOR_GB18030:
        raise InputError(
            path,
            f"not UTF-8 (invalid byte at {where}); a GB18030 reading is not Chinese text "
            f"({share:.0%} CJK), so the encoding is ambiguous — save the file as UTF-8",
        )
    return text, "gb18030"


def read_raw_text(path: Path | str) -> RawText:
    """Read and decode one raw text file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a text file") from None
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from None
    text, encoding = decode_bytes(data, path)
    return RawText(path=path, text=text, encoding=encoding)
