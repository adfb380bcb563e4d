"""The built HTML, read as HTML: what Markdown could have broken."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import DOCS

pytestmark = pytest.mark.usefixtures("site")


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])


def parse(path):
    collector = Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_text_pages_have_every_anchor_and_no_markup_from_the_source(site, texts, edition):
    for text_id in texts:
        html_path = site / edition / "texts" / f"{text_id}.html"
        html = html_path.read_text(encoding="utf-8")
        page = parse(html_path)
        export = json.loads((DOCS / edition / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        missing = [b["id"] for b in export["blocks"] if b["id"] not in page.ids]
        assert not missing, f"{edition}{text_id}: anchors missing {missing[:3]}"
        body = html.split('<article', 1)[1].split('</article>', 1)[0]
        body = body.split('<ol class="tr-notes"', 1)[0]  # editors' notes are Markdown on purpose
        assert "{:" not in body, f"{text_id}: attr_list text leaked into the page"
        assert not re.search(r"<(strong|em|hr|blockquote)\b", body.split('<dl class="tr-meta"', 1)[0] +
                             body.split("</dl>", 1)[-1]), f"{text_id}: source text became markup"


def test_placeholders_show_literally(site):
    html = (site / "texts" / "jianghua.html").read_text(encoding="utf-8")
    assert "專題召開**鎮書記" not in html  # Simplified edition
    assert "专题召开**镇书记" in html
    assert "三次产业结构比重调整为**:**:**" in html
