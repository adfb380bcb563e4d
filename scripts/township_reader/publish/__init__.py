"""Stage 7 — publish: MkDocs and Material turn ``docs/`` into the site; this package is their glue.

The hooks (:mod:`~township_reader.publish.hooks`), the ¶ links on paragraphs
(:mod:`~township_reader.publish.permalinks`), the build of both editions
(:mod:`~township_reader.publish.site`) and the check of every link of the built site
(:mod:`~township_reader.publish.linkcheck`). Nothing here changes what the pages say.
"""
