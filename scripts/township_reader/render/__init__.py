"""Stage 6 — render: the documents and what enriched them, as the files of ``docs/``.

Markdown pages of both editions (:mod:`~township_reader.render.pages` and the modules beside it:
text pages, glossary, parallels, notes, reports), the JSON and plain-text exports
(:mod:`~township_reader.render.exports`) and the search index
(:mod:`~township_reader.render.search_index`). Every string from the seeds or the editors'
data is escaped where it becomes Markdown, HTML or YAML (:mod:`~township_reader.render.markdown`).
"""
