#!/usr/bin/env bash
# The Makefile's helper for virtual environments (Python 3.11 to 3.13 are supported).
#
#   scripts/venv.sh find            one line per supported version found here: "3.12 /path/to/python3.12",
#                                   looked for on PATH and in pyenv's versions (a pyenv shim that cannot
#                                   run its version does not count; neither does a Python without venv)
#   scripts/venv.sh ensure DIR PY   make DIR a venv of PY's version with a working pip; a venv made by
#                                   another Python, half-made or broken is removed and made again
set -euo pipefail
SUPPORTED=(3.11 3.12 3.13)

version_of() {  # "3.12" for a Python that runs and can make venvs, else nothing
  "$1" -c 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

find_pythons() {
  local v candidate
  for v in "${SUPPORTED[@]}"; do
    for candidate in "$(command -v "python$v" || true)" "/usr/local/bin/python$v" "/usr/bin/python$v" \
        $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$v".*/bin/"python$v" 2>/dev/null | sort -rV); do
      if [ -x "$candidate" ] && [ "$(version_of "$candidate")" = "$v" ]; then
        echo "$v $candidate"
        break
      fi
    done
  done
}

ensure_venv() {
  local dir=$1 python=$2 want have
  want=$(version_of "$python")
  if [ -z "$want" ]; then
    echo "$python does not run or cannot make a venv: install Python ${SUPPORTED[0]} to ${SUPPORTED[-1]}" \
         "(with venv) or name one with 'make PYTHON=/path/to/python3.12 ...'" >&2
    exit 1
  fi
  if [[ " ${SUPPORTED[*]} " != *" $want "* ]]; then
    echo "$python is Python $want; Ketenwijzer supports ${SUPPORTED[*]}: name one with 'make PYTHON=...'" >&2
    exit 1
  fi
  have=""
  if [ -e "$dir" ]; then
    have=$("$dir/bin/python" -c 'import sys, pip; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
    [ "$have" = "$want" ] && return 0
    echo "$dir was made by ${have:+Python }${have:-a Python that is gone, or is half-made}: making it again with Python $want ($python)"
    rm -rf "$dir"
  fi
  "$python" -m venv "$dir"
}

case "${1:-}" in
  find) find_pythons ;;
  ensure) ensure_venv "$2" "$3" ;;
  *) echo "usage: $0 find | ensure DIR PYTHON" >&2; exit 2 ;;
esac
