#!/bin/sh
# smpsim's two commands for a fresh Debian 12 machine (see README.md):
#   ./build.sh        install what is missing, build, run the main job
#   ./build.sh test   install what is missing, build with gcc and, under
#                     ASan+UBSan, with clang (warnings are errors in both),
#                     run every test in both, then the fuzzers
set -eu
cd "$(dirname "$0")"

# Debian packages the build, the tests and the tools need.
PACKAGES="build-essential cmake pkg-config clang libclang-rt-14-dev
libevdev-dev libwacom-dev libwacom-common libfyaml-dev libcmocka-dev
umockdev libumockdev-dev libevemu-dev evemu-tools
libinput-dev libinput-tools libudev-dev
portaudio19-dev libasound2-dev libjack-jackd2-dev jackd2
libsqlite3-dev sqlite3 libglib2.0-dev zlib1g-dev libssl-dev
python3-scipy libnanoflann-dev
chromium libpng-dev poppler-utils
libsdl2-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core xvfb xauth libxtst-dev
groff-base dpkg-dev file"

install_missing() {
	missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "Installing Debian packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

jobs=$(nproc 2>/dev/null || echo 2)

build() { # build DIR TARGET [cmake options...]
	dir=$1; target=$2; shift 2
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMPSIM_WERROR=ON "$@" \
		>/dev/null || return 1
	cmake --build "$dir" -j "$jobs" --target "$target"
}

main_job() {
	build build smpsim
	echo; echo "== smpsim devices"
	build/smpsim devices || true   # no tablet or no permission is not a failure here
	echo; echo "== smpsim demo"
	build/smpsim demo   # a shipped recording practised, scored, reported, stored in demo.db (its own record)
}

# Each stage runs whatever the one before it did; what failed is collected
# and told once at the end (stage, and the tests ctest named), and the exit
# status is 1 if anything failed.
failures=""
failed() { # failed STAGE WHAT
	failures="$failures
  $1: $2"
}

# ctest in DIR with ARGS...; a failure is recorded with the tests' names.
run_ctest() { # run_ctest STAGE DIR [ctest args...]
	stage=$1; dir=$2; shift 2
	# ctest shows its output as it runs and keeps a copy in the log.
	(cd "$dir" && ctest --output-on-failure --output-log ctest-output.log "$@") &&
		return 0
	log="$dir/ctest-output.log"
	names=$(sed -n '/The following tests FAILED/,$ s/^[[:space:]]*[0-9][0-9]* - \(.*\)$/\1/p' \
		"$log" | tr '\n' ' ')
	failed "$stage" "tests failed: ${names:-(ctest failed; see above)}"
}

stage_build() { # stage_build STAGE DIR TARGET [cmake options...]
	stage=$1; shift
	if ! build "$@"; then
		failed "$stage" "build failed"
		return 1
	fi
}

run_tests() {
	echo "== normal build and tests"
	stage_build normal build all &&
		run_ctest normal build -j "$jobs"
	# The sanitizer build is clang's: with gcc's normal build, every
	# target is built warning-free by both compilers on every run.
	echo "== ASan+UBSan build (clang) and tests"
	export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
	stage_build asan build-asan all -DSMPSIM_SANITIZE=ON -DCMAKE_C_COMPILER=clang \
		-DCMAKE_CXX_COMPILER=clang++ &&
		run_ctest asan build-asan -j "$jobs"
	echo "== fuzz build and fuzzers"
	stage_build fuzz build-fuzz fuzzers -DSMPSIM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
		-DCMAKE_CXX_COMPILER=clang++ &&
		run_ctest fuzz build-fuzz -L fuzz -j "$jobs"
	echo
	if [ -n "$failures" ]; then
		echo "== ./build.sh test: FAILED$failures"
		return 1
	fi
	echo "== ./build.sh test: every stage passed (normal, asan, fuzz)"
}

install_missing
case "${1:-}" in
	"") main_job ;;
	test) run_tests ;;
	*) echo "usage: ./build.sh [test]" >&2; exit 2 ;;
esac
