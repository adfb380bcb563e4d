#!/usr/bin/env python3
"""Convert raw texts: ``township-reader convert`` for the checkout this file lies in (kept for the
tools that call it).

    python scripts/convert.py                     regenerate everything under docs/ from seeds/
    python scripts/convert.py FILE ... --out DIR  convert any raw texts into DIR:
                                                  <id>.md and <id>.json per text (+ reports/)
    python scripts/convert.py --check             exit 1 if docs/ differs from a fresh run
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    os.environ.setdefault("TR_PROJECT", str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # this checkout's package, installed or not
    from township_reader.cli import convert

    convert.main(sys.argv[1:], prog_name="convert.py")
