#!/bin/sh
# The README's command on a source archive of the commit, as someone who downloads a release
# runs it: `git archive HEAD` extracted into a new folder (no .git), then `make test` there.
# Run by .ci/run and by the pull-request workflow (.github/workflows/check.yml).
set -eu
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
git archive --format=tar HEAD | tar -x -C "$dir"
echo "make test in a source archive of $(git rev-parse --short HEAD) ($dir)" >&2
make -C "$dir" test
