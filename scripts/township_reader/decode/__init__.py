"""Stage 1 — decode: a raw text's bytes as text, or a one-line error naming the file.

UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, GB18030 and Big5 told apart by
what they decode to; control characters, noncharacters and the converter's own sentinel
refused; a size cap. See :mod:`township_reader.decode.text`.
"""

from township_reader.decode.text import InputError, RawText, read_raw_text

__all__ = ["InputError", "RawText", "read_raw_text"]
