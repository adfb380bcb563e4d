"""Search quality, measured in the browser on a set of reader queries, in both editions.

Each query in tests/search_queries.yml is typed into the search box. Two numbers:

* top-hit precision: the first result is in one of the texts a reader means (for a query in
  no text: there is no result at all);
* recall@5: a link to the paragraph the reader is after is among the first five result links.

Both must be at least 95% in each edition. The numbers are written to
test-artifacts/search-quality.json.
"""

from __future__ import annotations

import json
import time

import pytest
import yaml

from conftest import ARTIFACTS, ROOT, file_url

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
TARGET = 0.95


def test_query_set_is_broad_enough():
    assert len(QUERIES) >= 40
    kinds = " ".join(q["why"] for q in QUERIES)
    for kind in ("term", "formula", "two-character", "place", "person", "Traditional", "in no text", "inside"):
        assert kind in kinds, kind


def paragraph_of(texts, text_ids, near):
    for text_id in text_ids:
        for block in texts[text_id].blocks:
            if near in block.text["zh-Hans"]:
                return text_id, block.id
    raise AssertionError(f"'{near}' is in none of {text_ids}: fix tests/search_queries.yml")


def run_queries(page, texts):
    rows = []
    for query in QUERIES:
        page.fill("[data-tr-search-query]", "")
        started = time.perf_counter()
        page.type("[data-tr-search-query]", query["q"], delay=5)
        page.wait_for_function(
            "() => { const m = document.querySelector('[data-tr-search-meta]').textContent;"
            " return m.includes('找到') || m.includes('没有') || m.includes('沒有'); }")
        elapsed = (time.perf_counter() - started) * 1000
        links = page.eval_on_selector_all(  # glossary entries first, then texts: as a reader sees them
            "[data-tr-search-results] a.md-search-result__link",
            "els => els.map(a => [a.pathname.split('/').pop().replace('.html',''), decodeURIComponent(a.hash.slice(1)),"
            " a.closest('li').classList.contains('tr-search-entry')])")
        top = query["top"]
        if top == ["none"]:
            precise, found = not links, not links
        elif top == ["glossary"]:
            precise = bool(links) and links[0][2]
        else:  # the top hit among the texts (the entries above them are a dictionary card)
            texts_only = [link for link in links if not link[2]]
            first = texts_only[0] if texts_only else None
            precise = bool(first) and first[0] in top
            links = texts_only
            if "near" in query:
                want = paragraph_of(texts, [t for t in top if t != "glossary"], query["near"])
                found = any((page_id, anchor) == want for page_id, anchor, _e in links[:5])
            else:
                found = precise
        rows.append({"q": query["q"], "why": query["why"], "top_hit_ok": precise, "recall5": found,
                     "first": links[0][:2] if links else None, "ms": round(elapsed)})
    return rows


@pytest.mark.parametrize("edition", ["hans", "hant"])
def test_search_quality(offline_page, site, texts, edition):
    page = offline_page
    index = site / "index.html" if edition == "hans" else site / "hant" / "index.html"
    page.goto(file_url(index))
    page.click("[data-tr-search-query]")
    rows = run_queries(page, texts)
    precision = sum(r["top_hit_ok"] for r in rows) / len(rows)
    recall = sum(r["recall5"] for r in rows) / len(rows)
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "search-quality.json"
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    report[edition] = {"queries": len(rows), "top_hit_precision": round(precision, 4), "recall_at_5": round(recall, 4),
                       "misses": [r for r in rows if not (r["top_hit_ok"] and r["recall5"])]}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    misses = [(r["q"], r["first"]) for r in rows if not (r["top_hit_ok"] and r["recall5"])]
    assert precision >= TARGET and recall >= TARGET, f"precision {precision:.2%}, recall@5 {recall:.2%}; misses: {misses}"
    assert page.guard.refused == []
