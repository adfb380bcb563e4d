"""The 更新记录 (CHANGELOG) page: the editorial changes of ``seeds/changelog.yml``, newest first."""

from __future__ import annotations

from itertools import groupby

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.changelog import KINDS, Entry
from township_reader.render.markdown import escape_markdown
from township_reader.render.pages import Edition, front_matter, rel, text_path
from township_reader.structure.document import Text
from township_reader.vocabulary import HANS

PAGE = "changelog.md"


def render_changelog(entries: list[Entry], texts: dict[str, Text], ed: Edition) -> str:
    ui = ed.ui
    lines = [front_matter({"title": ui("更新记录"), "edition": ed.script}), f"# {ui('更新记录')}\n",
             ui("本站文本、校正、注释、术语表和转换改定的每一处编辑改动，按日期列出，最新的在前（数据文件 "
                "seeds/changelog.yml，由编者在作出改动的同一个拉取请求中填写，CI 检查）。每次发布的版本"
                "（见页脚：提交日期和提交号）包含该日期及以前的全部改动。各篇文本的 TEI 导出也在其改动记录中列出与它有关的条目。")
             + "\n"]
    if not entries:
        lines.append(ui("还没有记录。") + "\n")
    for date, group in groupby(entries, key=lambda e: e.date):
        lines.append(f"## {date} {{: #{date} }}\n")
        for entry in group:
            summary = entry.summary if ed.script == HANS else to_traditional(entry.summary)
            about = "、".join(f"[{escape_markdown(texts[t].title[ed.script], False)}]({rel(PAGE, text_path(t))})"
                             if t in texts else f"`{t}`" for t in entry.texts)
            lines.append(f"- **{ui(KINDS[entry.kind])}**" + (f"（{about}）" if about else "") + "："
                         + escape_markdown(summary, False))
        lines.append("")
    return "\n".join(lines) + "\n"
