"""Tools for editors and maintainers, beside the pipeline: terms the glossary may lack
(:mod:`~township_reader.tools.candidates`) and synthetic corpora for the benchmark
(:mod:`~township_reader.tools.synthetic`)."""
