#!/bin/sh
# test-guide-salvage: the instructor guide's salvage of a damaged record
# with sqlite3's .dump ("A damaged record" in docs/instructor-guide.md),
# run as the guide writes it, on a record this smpsim made with a session
# of its own schema: the salvaged record must then take a command that
# writes (its user_version the schema's, so no migration runs again over
# columns it has) and show what was saved.
#
#   test-guide-salvage.sh SMPSIM GUIDE DATA_DIR
set -eu
smpsim=$1 guide=$2 data=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

"$smpsim" trainee add "Ana Souza" --db smpsim.db >/dev/null
"$smpsim" practice --trainee "Ana Souza" --lesson depth-taps --db smpsim.db \
	--replay "$data/recordings/hairline-careful.evemu" --audio none --no-view \
	>/dev/null 2>&1 || true

# The guide's block after "there, `.dump`:", its smpsim review dropped.
awk '/there, `\.dump`:/ { found = 1; next }
     found && /^```sh/ { inside = 1; next }
     inside && /^```/ { exit }
     inside && !/^smpsim / { print }' "$guide" >recipe.sh
[ -s recipe.sh ] || { echo "FAIL: no .dump recipe in $guide" >&2; exit 1; }
sh -e recipe.sh

if ! "$smpsim" trainee add "Bo Lee" --db salvaged.db >out 2>&1; then
	echo "FAIL: the record the guide's recipe salvaged refuses a write:" >&2
	cat out >&2
	exit 1
fi
"$smpsim" review --db salvaged.db >review
grep -q "Ana Souza  depth-taps" review || { echo "FAIL: the session is not in review:" >&2; cat review >&2; exit 1; }
"$smpsim" trainee list --db salvaged.db | grep -q "Bo Lee" || { echo "FAIL: Bo Lee not added" >&2; exit 1; }
echo "the guide's salvage gives a record smpsim writes to"
