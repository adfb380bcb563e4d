"""Python-Markdown extension: a ¶ permalink at the end of every paragraph that has an id.

Material gives headings a permalink (through ``toc``) but not paragraphs.  The pipeline
gives every paragraph an id (``{: #p-… }``); this extension adds the link, so readers
can copy a link to any paragraph, and the link is visible on hover and keyboard focus
(``reader.css``).  It runs after ``attr_list`` has set the ids.

>>> import markdown
>>> markdown.markdown("乡镇政权。\\n{: #p-乡镇政权 }", extensions=["attr_list", "township_reader.publish.permalinks"])
'<p id="p-乡镇政权">乡镇政权。<a class="tr-permalink" data-pagefind-ignore="" href="#p-乡镇政权" title="本段的链接">\u2060¶</a></p>'
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class ParagraphPermalinks(Treeprocessor):
    def __init__(self, md: Markdown, title: str) -> None:
        super().__init__(md)
        self.title = title

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            anchor = paragraph.get("id")
            if not anchor:
                continue
            link = etree.SubElement(paragraph, "a", {"class": "tr-permalink", "href": f"#{anchor}", "title": self.title,
                                                      "data-pagefind-ignore": ""})
            link.text = "\u2060¶"  # WORD JOINER: the ¶ never starts a line of its own (Chinese breaks anywhere)


class ParagraphPermalinkExtension(Extension):
    def __init__(self, **kwargs: str) -> None:
        self.config = {"title": ["本段的链接", "Tooltip and accessible name of the ¶ link"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # attr_list runs at priority 8; we need its ids, so we run after it.
        md.treeprocessors.register(ParagraphPermalinks(md, self.getConfig("title")), "tr_paragraph_permalinks", 4)


def makeExtension(**kwargs: str) -> ParagraphPermalinkExtension:
    return ParagraphPermalinkExtension(**kwargs)
