#!/bin/sh
# Which search the build uses: scripts/search-backend.sh SEARCH PAGEFIND_FROM
#   inline | pagefind   as given
#   auto                pagefind when docs/texts/ has more than PAGEFIND_FROM texts, else inline
set -eu
case "$1" in
  inline|pagefind) echo "$1" ;;
  auto)
    count=$(find docs/texts -maxdepth 1 -name '*.md' | wc -l)
    if [ "$count" -gt "$2" ]; then echo pagefind; else echo inline; fi ;;
  *) echo "error: SEARCH must be inline, pagefind or auto (got '$1')" >&2; exit 2 ;;
esac
