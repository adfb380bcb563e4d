"""A deterministic synthetic corpus for benchmarks: N raw texts in the sites' own formats.

Each text is made the way the real ones are: paragraphs drawn from the seeds (so they carry
the glossary's terms), numbered headings, and then re-paginated into one of the four site
formats with that site's debris — a 天天文库 preview flattened into numbered chunks that cut
words in half, stray page numbers, 臵 for 置 and ASCII punctuation; a 写写帮文库 compilation
of several articles with download prompts and teasers; a 一流范文网 page with a teaser and
pagination; a 范文 page in Traditional characters broken after every semicolon.

The same (n, seed) always gives the same corpus, byte for byte.
"""

from __future__ import annotations

import random
from pathlib import Path

from township_reader.build import convert_files, load_inputs, seed_files
from township_reader.editions.conversion import to_traditional
from township_reader.vocabulary import HANS

NUMERALS = "一二三四五六七八九十"
FORMATS = ("tiantian", "xiexiebang", "yiliu", "xiaobian")


def paragraph_pool() -> list[str]:
    """The seeds' cleaned paragraphs (Simplified), in a fixed order."""
    outcome = convert_files(seed_files(), load_inputs())
    pool = [b.text[HANS] for c in outcome.conversions for t in c.texts for b in t.blocks
            if b.type == "paragraph" and len(b.text[HANS]) >= 40]
    return sorted(set(pool))


def _asciify(text: str, rng: random.Random) -> str:
    """Undo the punctuation repair, as the sites' pages have it."""
    table = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"}
    return "".join(table.get(ch, ch) if rng.random() < 0.95 else ch for ch in text)


def _damage(text: str, rng: random.Random) -> str:
    text = text.replace("置", "臵") if rng.random() < 0.5 else text
    return _asciify(text, rng)


def _body(rng: random.Random, pool: list[str], sections: int) -> list[tuple[str, str]]:
    """Headings and paragraphs: [("h", text) | ("p", text)]."""
    out = []
    for s in range(sections):
        heading = rng.choice(pool)[:rng.randint(8, 14)].rstrip("，。、；：")
        out.append(("h", f"{NUMERALS[s % 10]}、{heading}"))
        for _ in range(rng.randint(2, 5)):
            out.append(("p", rng.choice(pool)))
    return out


def _tiantian(n: int, title: str, body: list[tuple[str, str]], rng: random.Random) -> str:
    text = "".join(t for _kind, t in body)  # a preview runs headings and paragraphs together
    text = _damage(text, rng)
    chunks, pos, number = [], 0, 1
    while pos < len(text):
        size = rng.randint(250, 450)
        piece = text[pos : pos + size]
        if number > 1 and rng.random() < 0.3 and piece and piece[0] not in "0123456789":
            piece = "5" + piece if chunks and chunks[-1].endswith("。") else piece
        chunks.append(f"{number}、{piece}")
        pos += size
        number += 1
        if number > 8:
            break
    pages = min(number - 1, 5)
    header = (f"{title}\n\n{title}\n\nID:{41500000 + n}\n\n大小:{rng.randint(20, 60)}.{rng.randint(10, 99)} KB\n\n"
              f"页数:{pages}页\n\n时间:2019-0{rng.randint(1, 9)}-{rng.randint(10, 28)}\n\n"
              + "".join(f"{title}_第{i}页\n" for i in range(1, pages + 1))
              + f"资源描述:\n\n《{title}》由会员上传分享,免费在线阅读,更多相关内容在行业资料-天天文库\n\n")
    footer = ("\n\n当前文档最多预览五页,下载文档查看全文\n\n此文档下载收益归作者所有\n\n当前文档最多预览五页,下载文档查看全文\n"
              "温馨提示:\n1. 部分包含数学公式或PPT动画的文件,查看预览时可能会显示错乱或异常,文件下载后无此问题,请放心下载。\n"
              "2. 本文档由用户上传,版权归属用户,天天文库负责整理代发布。如果您对本文档版权有争议请及时联系客服。")
    return header + "\n\n".join(chunks) + footer


def _xiexiebang(n: int, title: str, articles: list[tuple[str, list[tuple[str, str]]]], rng: random.Random) -> str:
    parts = [f"{title}\n\n时间:2019-05-{rng.randint(10, 28)} 05:50:36下载本文作者:会员上传\n"
             f"简介:写写帮文库小编为你整理了多篇相关的《{title}》,但愿对你工作学习有帮助。\n"]
    for k, (article_title, body) in enumerate(articles):
        parts.append(f"\n第{NUMERALS[k]}篇:{article_title}\n\n{article_title}\n")
        for _kind, text in body:
            parts.append("\n" + _damage(text, rng) + "\n")
    parts.append(f"\n下载{title}word格式文档\n下载{title}.doc\n将本文档下载到自己电脑,方便修改和收藏,请勿使用迅雷等下载。\n"
                 "点此处下载文档\n\n文档为doc格式\n\n\n声明:本文内容由互联网用户自发贡献自行上传,本网站不拥有所有权。\n\n"
                 "相关范文推荐\n\n    增强学习意识 提高素质能力\n\n    ①学习影响着一个国家的发展走向......\n")
    return "".join(parts)


def _yiliu(n: int, title: str, body: list[tuple[str, str]], rng: random.Random) -> str:
    first = next(t for kind, t in body if kind == "p")
    header = (f"好好学习,天天向上,一流范文网欢迎您!\n当前位置:首页 >> 最新范文 内容页\n\n{title}\n\n"
              f"{title} 本文关键词:乡镇,群众,工作\n\n{title} 本文简介:{title}{_asciify(first[:80], rng)}\n\n"
              f"{title} 本文内容:\n\n{title}\n\n")
    text = "\n\n".join(_damage(t, rng) for _kind, t in body)
    return header + text + f"\n\nArtCutPage“>\n\n{title}\xa0 来源:网络整理\n\n  免责声明:本文仅限学习分享,如产生版权问题,请联系我们及时删除。\n\nTAG标签: "


def _xiaobian(n: int, title: str, body: list[tuple[str, str]], rng: random.Random) -> str:
    hant_title = to_traditional(title)
    lines = [f"下面是小編為大家整理的{hant_title},供大家參考。", "同志們:"]
    for _kind, text in body:
        lines.append(_asciify(to_traditional(text), rng).replace(";", ";\n"))
    return "\n".join(lines) + f"\n推薦訪問:鎮長 會上 {hant_title}"


def write_corpus(folder: Path, n: int, seed: int = 20261125) -> list[Path]:
    """Write ``n`` raw texts into ``folder``; return their paths."""
    rng = random.Random(seed)
    pool = paragraph_pool()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        fmt = FORMATS[i % len(FORMATS)]
        title = f"{rng.choice(pool)[:rng.randint(8, 16)].rstrip('，。、；：')}（第{i + 1}号）"
        if fmt == "tiantian":
            raw = _tiantian(i, title, _body(rng, pool, rng.randint(2, 4)), rng)
        elif fmt == "xiexiebang":
            articles = [(f"{rng.choice(pool)[:12].rstrip('，。、；：')}（{i + 1}之{k + 1}）", _body(rng, pool, rng.randint(1, 3)))
                        for k in range(rng.randint(2, 3))]
            raw = _xiexiebang(i, title, articles, rng)
        elif fmt == "yiliu":
            raw = _yiliu(i, title, _body(rng, pool, rng.randint(2, 4)), rng)
        else:
            raw = _xiaobian(i, title, _body(rng, pool, rng.randint(2, 4)), rng)
        path = folder / f"{i:05d}_{fmt}.txt"
        path.write_text(raw, encoding="utf-8")
        paths.append(path)
    return paths
