#!/usr/bin/env bash
# Copies the compiled front-end files pinned in package.json into static/vendor/.
# The result is committed, so running the system needs no Node; run this (make vendor)
# only when package.json changes.
#
# This is a police service, not a GOV.UK one: the GDS Transport typeface and the crest are
# licensed for GOV.UK only, so the font faces are stripped and Arial is used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts --omit=peer
out=static/vendor
rm -rf "$out"
mkdir -p "$out/govuk/assets/images" "$out/moj/assets/images" "$out/htmx"
g=node_modules/govuk-frontend/dist/govuk
m=node_modules/@ministryofjustice/frontend/moj
fix_css() {
  sed -E -e 's#url\(/assets/#url(assets/#g' \
         -e 's#@font-face\{[^}]*\}##g' \
         -e 's#url\(assets/images/govuk-crest\.svg\)#none#g' \
         -e 's#GDS Transport,##g' -e 's#font-family:GDS Transport#font-family:arial,sans-serif#g' \
         -e 's#/\*\# sourceMappingURL=[^*]*\*/##g' "$1"
}
fix_css "$g/govuk-frontend.min.css" > "$out/govuk/govuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$g/govuk-frontend.min.js" > "$out/govuk/govuk-frontend.min.js"
cp "$g"/assets/images/*.svg "$g"/assets/images/favicon.ico "$out/govuk/assets/images/"
rm -f "$out/govuk/assets/images/govuk-crest.svg" "$out/govuk/assets/images/govuk-icon-mask.svg"
fix_css "$m/moj-frontend.min.css" > "$out/moj/moj-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$m/moj-frontend.min.js" > "$out/moj/moj-frontend.min.js"
if [ -d "$m/assets/images" ]; then cp "$m"/assets/images/* "$out/moj/assets/images/"; fi
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/htmx.min.js"
for p in govuk-frontend @ministryofjustice/frontend htmx.org; do
  v=$(node -p "require('./node_modules/$p/package.json').version")
  echo "$p $v"
done > "$out/VERSIONS"
cat "$out/VERSIONS"
