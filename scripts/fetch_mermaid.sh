#!/usr/bin/env bash
# Refresh the self-hosted mermaid (committed at handbook/assets/js/mermaid.min.js) from npm.
# Usage: scripts/fetch_mermaid.sh [version]   (default: the latest 11.x)
set -euo pipefail
version="${1:-11}"
target="$(cd "$(dirname "$0")/.." && pwd)/handbook/assets/js/mermaid.min.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "mermaid@${version}" --silent >/dev/null)
tar -xzf "$work"/mermaid-*.tgz -C "$work" package/dist/mermaid.min.js package/package.json
cp "$work/package/dist/mermaid.min.js" "$target"
echo "mermaid $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$work/package/package.json") -> $target"
