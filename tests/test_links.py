"""No broken internal link or anchor anywhere in the built site, in both editions."""

from __future__ import annotations

from township_reader.publish.linkcheck import check_site


def test_no_broken_links_or_anchors(site):
    report = check_site(site)
    assert report.pages > 40 and report.links > 1000
    assert not report.broken, "\n".join(report.broken[:20])
    assert (site / "404.html").exists() and not (site / "hant" / "404.html").exists()


def test_the_checker_catches_a_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text('<a href="a.html#nope">x</a><a href="b.html">y</a><p id="here"></p>'
                                         '<a href="#here">ok</a>', encoding="utf-8")
    (tmp_path / "a.html").write_text('<p id="yes"></p>', encoding="utf-8")
    report = check_site(tmp_path)
    assert report.links == 3
    assert len(report.broken) == 2
    assert "no anchor #nope" in report.broken[0] and "no file b.html" in report.broken[1]
