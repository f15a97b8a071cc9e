#!/usr/bin/env bash
# Refreshes the vendored browser libraries from the npm registry at the pinned versions below. The pages load
# them from here: no CDN at run time and no front-end build step (ARCHITECTURE decision 9). Run it only to
# upgrade; the copies are committed. Update README.md beside it when a version changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() { # fetch <package> <version> <target folder>
  (cd "$work" && npm pack "$1@$2" --silent >/dev/null)
  local tgz; tgz=$(ls "$work"/*.tgz)
  rm -rf "$work/package" && tar -xzf "$tgz" -C "$work" && rm "$tgz"
  rm -rf "${here:?}/$3" && mkdir -p "$here/$3"
}

fetch leaflet 1.9.4 leaflet
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$here/leaflet/"
cp -r "$work/package/dist/images" "$here/leaflet/"

fetch @microsoft/signalr 10.0.11 signalr
cp "$work/package/dist/browser/signalr.min.js" "$here/signalr/"
# The package ships no licence file; package.json says MIT, so keep the standard text with the copyright holder.
printf '%s\n' "The MIT License (MIT)" "" "Copyright (c) .NET Foundation and Contributors" "" \
  "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:" "" \
  "The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software." "" \
  "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE." > "$here/signalr/LICENSE"

# The "common" build (line, bar, pie, data zoom, tooltips) is half the size of the full one and is all the charts use.
fetch echarts 6.1.0 echarts
cp "$work/package/dist/echarts.common.min.js" "$work/package/LICENSE" "$work/package/NOTICE" "$here/echarts/"
echo "vendored into $here"
