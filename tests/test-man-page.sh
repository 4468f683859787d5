#!/bin/sh
# test-man-page: docs/smpsim.1 against the program's own --help.
#
#   test-man-page.sh SMPSIM MAN_PAGE
#
# groff (Debian package groff-base) renders the page with every warning on
# (-ww) and must say nothing. Then, on the page rendered as plain text
# (no hyphenation, lines long enough never to break an option): every
# command `smpsim --help` lists has its section under COMMANDS, and no
# other is there; every long option `smpsim CMD --help` prints appears in
# CMD's section, no help prints a printf escape (%%) as it is, and every
# help is ASCII, no line wider than 80 columns; each
# command that takes --db (demo aside) says the record's default in the
# same words, $SMPSIM_DB and ~/.local/share included;
# `smpsim --help`'s own options (--db, --help and --version) are
# under OPTIONS; the
# page's footer names `smpsim --version`; the command summaries of
# `smpsim --help` start in one column.
set -eu
smpsim=$1 page=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

groff -man -Tutf8 -ww -z "$page" 2>"$tmp/warnings" || fail "groff exit $?"
[ -s "$tmp/warnings" ] && fail "groff warns: $(cat "$tmp/warnings")"

groff -man -Tascii -P-cbou -rHY=0 -rLL=2000n "$page" >"$tmp/page" 2>/dev/null
# The command sections: "   NAME" headings between COMMANDS and the next
# section.
awk '/^[A-Z]/ { in_cmds = ($0 == "COMMANDS") } in_cmds && /^   [a-z]/ { print $1 }' \
	"$tmp/page" >"$tmp/man-commands"
# part NAME: the rendered text of command NAME's section.
part() {
	awk -v name="$1" '
		/^[A-Z]/ { in_cmds = ($0 == "COMMANDS"); inside = 0; next }
		in_cmds && /^   [a-z]/ { inside = ($1 == name); next }
		inside' "$tmp/page"
}
# section NAME: the rendered text of the page's section NAME.
section() {
	awk -v name="$1" '/^[A-Z]/ { inside = ($0 == name); next } inside' "$tmp/page"
}
# has_option TEXT_FILE OPTION: OPTION as a whole word (--tip-up is not
# --tip-up-x).
has_option() {
	grep -qE -- "(^|[^a-z0-9-])$2([^a-z0-9-]|\$)" "$1"
}
long_options() { # long_options FILE: each --option, once
	grep -oE -- '--[a-z][a-z0-9-]*' "$1" | LC_ALL=C sort -u
}

"$smpsim" --help >"$tmp/help"
awk 'length > 80 { print NR ": " $0 }' "$tmp/help" >"$tmp/wide"
[ -s "$tmp/wide" ] && fail "smpsim --help is wider than 80 columns: $(cat "$tmp/wide")"
sed -n '/^Commands:$/,/^$/ s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help" >"$tmp/commands"
# Each command's summary starts in the same column, the longest name
# (certificate) included.
awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ &&
	(substr($0, 14, 1) != " " || substr($0, 15, 1) == " ") { print }' \
	"$tmp/help" >"$tmp/misaligned"
[ -s "$tmp/misaligned" ] && fail "smpsim --help: summaries out of line: $(cat "$tmp/misaligned")"
[ "$(wc -l <"$tmp/commands")" -ge 10 ] ||
	fail "smpsim --help lists $(wc -l <"$tmp/commands") commands"
LC_ALL=C sort "$tmp/commands" >"$tmp/a"
LC_ALL=C sort "$tmp/man-commands" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || {
	fail "the page's command sections are not smpsim --help's commands:"
	diff "$tmp/a" "$tmp/b" >&2 || true
}

checked=0
# shellcheck disable=SC2016 # the variables' names, as the help prints them
db_default='the trainee record (default $SMPSIM_DB, else $XDG_DATA_HOME/smpsim/smpsim.db, else ~/.local/share/smpsim/smpsim.db)'
while read -r cmd; do
	part "$cmd" >"$tmp/part"
	[ -s "$tmp/part" ] || { fail "no section for $cmd"; continue; }
	rc=0
	"$smpsim" "$cmd" --help >"$tmp/cmd-help" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || fail "smpsim $cmd --help exit $rc"
	# no line wider than a terminal of 80 columns (the help is ASCII)
	awk 'length > 80 { print NR ": " $0 }' "$tmp/cmd-help" >"$tmp/wide"
	[ -s "$tmp/wide" ] && fail "smpsim $cmd --help is wider than 80 columns: $(cat "$tmp/wide")"
	LC_ALL=C grep -n '[^ -~]' "$tmp/cmd-help" >"$tmp/non-ascii" &&
		fail "smpsim $cmd --help is not ASCII: $(cat "$tmp/non-ascii")"
	# a printf escape printed as it is (the help is written with fputs)
	grep -n '%%' "$tmp/cmd-help" >"$tmp/escapes" &&
		fail "smpsim $cmd --help prints a printf escape: $(cat "$tmp/escapes")"
	# The record's default, said the same way by every command that takes
	# one (demo keeps its own demo.db).
	if has_option "$tmp/cmd-help" --db && [ "$cmd" != demo ]; then
		tr -s ' \n' '  ' <"$tmp/cmd-help" | grep -qF "$db_default" ||
			fail "smpsim $cmd --help does not say the record's default as '$db_default'"
	fi
	for opt in $(long_options "$tmp/cmd-help"); do
		checked=$((checked + 1))
		has_option "$tmp/part" "$opt" || fail "$cmd: $opt is not in its section"
	done
done <"$tmp/commands"
[ "$checked" -ge 50 ] || fail "only $checked options checked"

section OPTIONS >"$tmp/options"
long_options "$tmp/help" >"$tmp/a"
printf -- '--db\n--help\n--version\n' >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" ||
	fail "smpsim --help's options are not --db, --help and --version: $(cat "$tmp/a")"
for opt in $(long_options "$tmp/help"); do
	has_option "$tmp/options" "$opt" || fail "smpsim $opt is not under OPTIONS"
done
for name in SMPSIM_DATA_DIR SMPSIM_DB XDG_DATA_HOME SMPSIM_INPUT_DIR; do
	section ENVIRONMENT | grep -q "^       $name\$" || fail "ENVIRONMENT has no $name"
done
for name in FILES "EXIT STATUS"; do
	grep -qx "$name" "$tmp/page" || fail "no section $name"
done

version=$("$smpsim" --version)
tail -n 1 "$tmp/page" | grep -q "^$version  " ||
	fail "the footer is not '$version': $(tail -n 1 "$tmp/page")"

if [ "$failures" -ne 0 ]; then
	echo "test-man-page: $failures failures" >&2
	exit 1
fi
echo "test-man-page: $checked options in $(wc -l <"$tmp/commands") commands, passed"
