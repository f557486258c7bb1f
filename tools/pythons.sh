#!/bin/sh
# The Python interpreters this project runs on (3.11 to 3.13) that this machine has, newest first,
# one path per line. Looks on the PATH first, then in pyenv's versions (whose shims answer only
# for the versions pyenv has chosen). Used by the Makefile (the newest found) and by .ci/run (all).
for version in 3.13 3.12 3.11; do
    found=""
    candidate=$(command -v "python$version" 2>/dev/null)
    if [ -n "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
        found=$candidate
    elif command -v pyenv >/dev/null 2>&1; then
        for candidate in "$(pyenv root)"/versions/"$version".*/bin/"python$version"; do
            if [ -x "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
                found=$candidate
            fi
        done
    fi
    [ -n "$found" ] && echo "$found"
done
exit 0
