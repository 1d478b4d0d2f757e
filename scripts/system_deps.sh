#!/usr/bin/env bash
# Install the Debian packages the project needs, only when something is missing.
#   scripts/system_deps.sh base   python venv support (for `make run`)
#   scripts/system_deps.sh test   + PostgreSQL, Chromium and a CJK font (for `make test`)
set -euo pipefail
mode="${1:-base}"
missing=()

python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v git >/dev/null || missing+=(git)
if [[ "$mode" == "test" ]]; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v chromium >/dev/null || missing+=(chromium)
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "Installing missing system packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "Not root: please install them with apt-get (${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
