#!/usr/bin/env python3
"""Check every internal link and anchor of the built site (default: site/, both editions).

    python scripts/linkcheck.py [SITE]

Exit status 1 if any link is broken; each is printed as `page:line: link — problem`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from township_reader.linkcheck import check_site

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Check every internal link and anchor of the built site.")
    parser.add_argument("site", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "site",
                        help="the built site (default: site/, both editions)")
    site = parser.parse_args().site
    if not (site / "index.html").exists():
        print(f"error: {site}: no built site (run `make site`)", file=sys.stderr)
        sys.exit(2)
    report = check_site(site)
    for problem in report.broken:
        print(problem)
    print(f"{report.pages} pages, {report.links} internal links, {len(report.broken)} broken, "
          f"{len(report.external)} external links (not fetched)")
    sys.exit(1 if report.broken else 0)
