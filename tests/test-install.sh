#!/bin/sh
# test-install: smpsim as a user gets it, run from where it was put.
#
#   test-install.sh install SMPSIM BUILD_DIR SOURCE_DIR
#     `cmake --install` into a temporary prefix, exactly the expected files;
#     the tree moved to another prefix runs `smpsim lessons` from its own
#     share/smpsim (also through a symbolic link to the program);
#     SMPSIM_DATA_DIR overrides it; with share/smpsim gone, the error names
#     the folder beside the program and the source tree's data/ (present
#     here) is not used; a copy of the build tree's program outside the
#     build folder does not use it either. The view's module is loaded from
#     the moved tree's lib/smpsim/ (the dynamic loader's trace); with it
#     gone, broken, or from another build (the interface version of
#     tests/fake-view-module.c), `demo --view` says so, naming it.
#   test-install.sh package SMPSIM BUILD_DIR SOURCE_DIR [DLOPEN_SONAMES]
#     `cpack -G DEB` into a temporary folder; the control fields (Depends:
#     the packages of the libraries the program is linked with and of those
#     it loads with dlopen (DLOPEN_SONAMES, found by ldconfig), mapped by
#     dpkg -S, and no -dev package; the view's module's libraries count
#     too, as dpkg-shlibdeps reads it from the package); the package's
#     files; unpacked with dpkg-deb -x, its smpsim runs `lessons` and
#     `demo --db` from there, as the build tree's does.
#
# SMPSIM is the build tree's program: what the installed one must match.
# Needs cmake/cpack, dpkg-deb, dpkg-shlibdeps (dpkg-dev), readelf (binutils).
set -eu
mode=$1 smpsim=$2 build=$3 source=$4 dlopen_sonames=${5:-}
unset SMPSIM_DATA_DIR SMPSIM_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The program's folder comes from /proc/self/exe, links resolved.
tmp=$(realpath "$tmp")
# What the tools run here leave behind goes in the test's own folder.
export TMPDIR="$tmp"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# same NAME EXPECTED_FILE ACTUAL_FILE: byte for byte, else the diff.
same() {
	if ! cmp -s "$2" "$3"; then
		fail "$1 differs (expected, then actual):"
		diff -u "$2" "$3" >&2 || true
	fi
}

# run OUT ERR PROGRAM ARGS...: sets rc, whatever it is.
run() {
	out=$1 err=$2
	shift 2
	rc=0
	"$@" >"$out" 2>"$err" || rc=$?
}

# The files an install under PREFIX must hold, sorted, relative to it.
expected_files() { # expected_files PREFIX_PATH (e.g. "" or "usr/")
	{
		echo "${1}bin/smpsim"
		echo "${1}lib/smpsim/smpsim-view.so"
		(cd "$source/data" && find . -type f) | sed "s|^\./|${1}share/smpsim/|"
		echo "${1}share/man/man1/smpsim.1.gz"
		echo "${1}share/doc/smpsim/README.md"
		(cd "$source/docs" && ls *.md *.png) | sed "s|^|${1}share/doc/smpsim/docs/|"
	} | LC_ALL=C sort
}

files_under() { # files_under DIR: every file and link, sorted, relative
	(cd "$1" && find . -type f -o -type l) | sed 's|^\./||' | LC_ALL=C sort
}

# The build tree's `smpsim lessons` with its data folder's path made DATA:
# the curriculum's path is the only line that names it.
"$smpsim" lessons >"$tmp/lessons.build"
grep -qF "($source/data/lessons/curriculum.yaml)" "$tmp/lessons.build" ||
	fail "the build tree's smpsim lessons does not name $source/data"
lessons_expected() { # lessons_expected DATA > FILE
	sed "s|($source/data/lessons/|($1/lessons/|" "$tmp/lessons.build"
}

# check_lessons NAME DATA PROGRAM: `PROGRAM lessons` as the build tree's,
# read from DATA.
check_lessons() {
	run "$tmp/out" "$tmp/err" "$3" lessons
	[ "$rc" -eq 0 ] || fail "$1: smpsim lessons exit $rc: $(cat "$tmp/err")"
	[ -s "$tmp/err" ] && fail "$1: smpsim lessons wrote to stderr: $(cat "$tmp/err")"
	lessons_expected "$2" >"$tmp/expected"
	same "$1: smpsim lessons" "$tmp/expected" "$tmp/out"
}

# check_missing NAME PROGRAM BESIDE: no data folder; the error names BESIDE.
check_missing() {
	run "$tmp/out" "$tmp/err" "$2" lessons
	[ "$rc" -eq 1 ] || fail "$1: smpsim lessons exit $rc, not 1"
	[ -s "$tmp/out" ] && fail "$1: smpsim lessons printed: $(cat "$tmp/out")"
	cat >"$tmp/expected" <<-EOF
	smpsim: no data folder (lessons, scalp models, needles, device quirks): not at $3 (beside the program); set SMPSIM_DATA_DIR to the folder that holds them
	smpsim lessons: cannot read $3/lessons/curriculum.yaml: No such file or directory
	EOF
	same "$1: the error" "$tmp/expected" "$tmp/err"
}

test_install() {
	cmake --install "$build" --prefix "$tmp/a" >"$tmp/install.log" ||
		{ cat "$tmp/install.log" >&2; fail "cmake --install"; return; }
	[ -d "$tmp/a" ] || { fail "cmake --install made no $tmp/a"; return; }
	expected_files "" >"$tmp/expected"
	files_under "$tmp/a" >"$tmp/actual"
	same "the installed files" "$tmp/expected" "$tmp/actual"

	mv "$tmp/a" "$tmp/b"
	check_lessons "moved tree" "$tmp/b/share/smpsim" "$tmp/b/bin/smpsim"
	"$tmp/b/bin/smpsim" --help >"$tmp/out"
	printf "This one's: %s\n  (beside the program)\n" "$tmp/b/share/smpsim" >"$tmp/expected"
	grep -A1 "^This one's: " "$tmp/out" >"$tmp/actual" || true
	same "moved tree: smpsim --help's data folder" "$tmp/expected" "$tmp/actual"

	# The view's module, beside the program: loaded from there when a
	# display is named (none can be opened at :99, so the demo goes on
	# with its status line); gone, or not a library, --view says so.
	module="$tmp/b/lib/smpsim/smpsim-view.so"
	run "$tmp/out" "$tmp/err" env DISPLAY=:99 WAYLAND_DISPLAY= LD_DEBUG=files \
		"$tmp/b/bin/smpsim" demo --db "$tmp/v.db" -o "$tmp/v.html" --audio none
	[ "$rc" -eq 0 ] || fail "moved tree: demo with a display named: exit $rc"
	grep -qF "file=$module [0];" "$tmp/err" ||
		fail "moved tree: the demo did not load $module"
	grep -qF "view: none (no display: SDL cannot open one (x11 not available)); the status line instead" \
		"$tmp/err" || fail "moved tree: the demo did not say why it has no view"
	mv "$module" "$tmp/module.so"
	run "$tmp/out" "$tmp/err" env DISPLAY=:99 "$tmp/b/bin/smpsim" demo --db "$tmp/w.db" \
		-o "$tmp/w.html" --audio none --view
	[ "$rc" -eq 1 ] || fail "no module: demo --view exit $rc, not 1"
	printf "audio: none\nsmpsim demo: the view's module smpsim-view.so is not installed: looked for %s (beside the program)\n" \
		"$module" >"$tmp/expected"
	same "no module: the error" "$tmp/expected" "$tmp/err"
	: >"$module"
	run "$tmp/out" "$tmp/err" env DISPLAY=:99 "$tmp/b/bin/smpsim" demo --db "$tmp/w.db" \
		-o "$tmp/w.html" --audio none --view
	[ "$rc" -eq 1 ] || fail "a broken module: demo --view exit $rc, not 1"
	printf "audio: none\nsmpsim demo: %s: cannot load the view's module: %s: file too short\n" \
		"$module" "$module" >"$tmp/expected"
	same "a broken module: the error" "$tmp/expected" "$tmp/err"
	[ -e "$tmp/w.db" ] && fail "demo --view without its module stored a session"
	# A module of another build: refused by name, never called.
	cp "$build/tests/fake-view-module.so" "$module"
	run "$tmp/out" "$tmp/err" env DISPLAY=:99 "$tmp/b/bin/smpsim" demo --db "$tmp/w.db" \
		-o "$tmp/w.html" --audio none --view
	[ "$rc" -eq 1 ] || fail "a module of another build: demo --view exit $rc, not 1"
	# The interface's version from the header; the table's size, in bytes,
	# is the same on both sides (this tree's struct) and read back as said.
	abi=$(sed -n 's/^#define VIEW_PLUGIN_ABI \([0-9]*\)$/\1/p' "$source/sim/view/view_plugin.h")
	size=$(sed -n "s/.*(interface $((abi + 1)), \([0-9]*\) bytes;.*/\1/p" "$tmp/err")
	printf "audio: none\nsmpsim demo: %s: a view module of another build (interface %d, %s bytes; this program's is %d, %s bytes); reinstall smpsim\n" \
		"$module" $((abi + 1)) "$size" "$abi" "$size" >"$tmp/expected"
	[ -n "$size" ] || fail "a module of another build: no size in the error"
	same "a module of another build: the error" "$tmp/expected" "$tmp/err"
	[ -e "$tmp/w.db" ] && fail "demo --view with another build's module stored a session"
	mv "$tmp/module.so" "$module"

	# Through a link: the program's real folder counts.
	mkdir "$tmp/links"
	ln -s "$tmp/b/bin/smpsim" "$tmp/links/smpsim"
	check_lessons "a link to the moved program" "$tmp/b/share/smpsim" "$tmp/links/smpsim"

	# SMPSIM_DATA_DIR wins over share/smpsim: a copy with one title changed
	# (same length, so the columns stay).
	cp -R "$tmp/b/share/smpsim" "$tmp/other"
	sed -i 's/^title: Depth control with single taps$/title: Depth control with single TAPS/' \
		"$tmp/other/lessons/depth-taps.yaml"
	run "$tmp/out" "$tmp/err" env SMPSIM_DATA_DIR="$tmp/other" "$tmp/b/bin/smpsim" lessons
	[ "$rc" -eq 0 ] || fail "SMPSIM_DATA_DIR: exit $rc: $(cat "$tmp/err")"
	lessons_expected "$tmp/other" |
		sed 's/Depth control with single taps/Depth control with single TAPS/' >"$tmp/expected"
	grep -q "single TAPS" "$tmp/expected" || fail "the changed title is not in the list"
	same "SMPSIM_DATA_DIR: smpsim lessons" "$tmp/expected" "$tmp/out"

	# No share/smpsim: the source tree's data/ is on this machine, yet the
	# installed program names its own place and reads nothing else.
	mv "$tmp/b/share/smpsim" "$tmp/b/share/elsewhere"
	check_missing "share/smpsim removed" "$tmp/b/bin/smpsim" "$tmp/b/share/smpsim"
	# The build tree's data/ is for the program in the build folder only.
	mkdir -p "$tmp/c/bin"
	cp "$smpsim" "$tmp/c/bin/smpsim"
	check_missing "the build tree's program copied out" "$tmp/c/bin/smpsim" \
		"$tmp/c/share/smpsim"
}

# The packages a library file belongs to (dpkg -S), whichever of /lib and
# /usr/lib the loader found it under (Debian 12 merged them; dpkg knows one).
package_of() {
	for p in "$1" "/usr$1" "${1#/usr}" "$(realpath "$1")"; do
		owner=$(dpkg -S "$p" 2>/dev/null | grep -v '^diversion' | head -n 1) || true
		[ -n "$owner" ] && { echo "${owner%%:*}"; return; }
	done
	echo "?$1"
}

test_package() {
	version=$("$smpsim" --version | sed -n 's/^smpsim //p')
	arch=$(dpkg --print-architecture)
	cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ||
		{ cat "$tmp/cpack.log" >&2; fail "cpack"; return; }
	deb="$tmp/pkg/smpsim_${version}_${arch}.deb"
	[ -f "$deb" ] || { fail "no $deb: $(ls "$tmp/pkg")"; return; }

	for field in Package:smpsim Version:"$version" Architecture:"$arch" \
	             Section:education; do
		got=$(dpkg-deb -f "$deb" "${field%%:*}")
		[ "$got" = "${field#*:}" ] || fail "${field%%:*} is '$got', not '${field#*:}'"
	done
	# Each field is read whole before it is looked at: a reader that
	# stops early (grep -q, head) kills dpkg-deb by SIGPIPE, which then
	# leaves its temporary folder in /tmp.
	maintainer=$(dpkg-deb -f "$deb" Maintainer)
	printf '%s\n' "$maintainer" | grep -q '^[^<]* <[^>]*@[^>]*>$' ||
		fail "Maintainer is not 'name <address>': $maintainer"
	description=$(dpkg-deb -f "$deb" Description)
	description=$(printf '%s\n' "$description" | head -n 1)
	[ "$description" = "training simulator for scalp micropigmentation" ] ||
		fail "Description begins '$description'"

	# Depends: package names, every alternative; none a -dev package.
	dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' |
		sed 's/([^)]*)//; s/^ *//; s/ *$//; /^$/d' | LC_ALL=C sort -u >"$tmp/depends.all"
	grep -- '-dev$' "$tmp/depends.all" && fail "Depends names -dev packages"
	# The first alternative of each: what the program's libraries require.
	dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/([^)]*)//; s/^ *//; s/ *$//' |
		LC_ALL=C sort -u >"$tmp/depends"
	module="$build/sim/view/smpsim-view.so"
	{ ldd "$smpsim"; ldd "$module"; } >"$tmp/ldd"
	readelf -d "$smpsim" "$module" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' |
		LC_ALL=C sort -u >"$tmp/needed"
	[ -s "$tmp/needed" ] || fail "readelf found no NEEDED library"
	{
		while read -r lib; do
			path=$(awk -v l="$lib" '$1 == l && $2 == "=>" { print $3; exit }' "$tmp/ldd")
			[ -n "$path" ] || { fail "ldd does not find $lib"; continue; }
			package_of "$path"
		done <"$tmp/needed"
		# Loaded with dlopen: not in NEEDED, so not seen by dpkg-shlibdeps.
		for soname in $(echo "$dlopen_sonames" | tr ';' ' '); do
			path=$(/sbin/ldconfig -p | awk -v l="$soname" '$1 == l { print $NF; exit }')
			[ -n "$path" ] || { fail "ldconfig does not find $soname"; continue; }
			package_of "$path"
		done
	} | LC_ALL=C sort -u >"$tmp/expected"
	same "Depends (first alternatives) against the linked libraries' packages" \
		"$tmp/expected" "$tmp/depends"

	# The package's files: what an install under /usr holds.
	dpkg-deb -x "$deb" "$tmp/root"
	expected_files "usr/" >"$tmp/expected"
	files_under "$tmp/root" >"$tmp/actual"
	same "the package's files" "$tmp/expected" "$tmp/actual"

	usr="$tmp/root/usr"
	check_lessons "unpacked package" "$usr/share/smpsim" "$usr/bin/smpsim"

	# The demo, unpacked and from the build tree, into records of their own:
	# the same stored session (its start time aside), and a report.
	run "$tmp/out" "$tmp/err" "$usr/bin/smpsim" demo --db "$tmp/x.db" -o "$tmp/x.html" \
		--audio none
	[ "$rc" -eq 0 ] || fail "unpacked demo: exit $rc: $(cat "$tmp/err")"
	grep -qF "Replaying $usr/share/smpsim/recordings/hairline-careful.evemu;" "$tmp/out" ||
		fail "unpacked demo does not replay its own recording: $(cat "$tmp/out")"
	[ -s "$tmp/x.db" ] || fail "unpacked demo made no $tmp/x.db"
	head -c 15 "$tmp/x.html" | grep -qx '<!DOCTYPE html>' ||
		fail "unpacked demo made no report $tmp/x.html"
	run "$tmp/ref.out" "$tmp/ref.err" "$smpsim" demo --db "$tmp/ref.db" -o "$tmp/ref.html" \
		--audio none
	[ "$rc" -eq 0 ] || fail "build tree demo: exit $rc: $(cat "$tmp/ref.err")"
	"$usr/bin/smpsim" review --db "$tmp/x.db" --json |
		sed 's/"started": "[^"]*"//' >"$tmp/actual"
	"$smpsim" review --db "$tmp/ref.db" --json | sed 's/"started": "[^"]*"//' >"$tmp/expected"
	grep -q '"trainee": "Demo", "lesson": "soft-hairline"' "$tmp/expected" ||
		fail "the build tree's demo stored no Demo session"
	same "the demo's stored session" "$tmp/expected" "$tmp/actual"
}

case "$mode" in
install) test_install ;;
package) test_package ;;
*) echo "usage: test-install.sh install|package SMPSIM BUILD SOURCE" >&2; exit 2 ;;
esac
if [ "$failures" -ne 0 ]; then
	echo "test-install $mode: $failures failures" >&2
	exit 1
fi
echo "test-install $mode: passed"
