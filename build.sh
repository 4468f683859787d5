#!/bin/sh
# smpsim's two commands for a fresh Debian 12 machine (see README.md):
#   ./build.sh        install what is missing, build, run the main job
#   ./build.sh test   install what is missing, build normally and under
#                     ASan+UBSan, run every test in both, then the fuzzer
set -eu
cd "$(dirname "$0")"

# Debian packages the build, the tests and the tools need.
PACKAGES="build-essential cmake pkg-config clang libclang-rt-14-dev
libevdev-dev libwacom-dev libwacom-common libfyaml-dev libcmocka-dev
umockdev libumockdev-dev libevemu-dev evemu-tools
portaudio19-dev libasound2-dev libjack-jackd2-dev jackd2
libsqlite3-dev sqlite3 libglib2.0-dev
python3-scipy
chromium libpng-dev"

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
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$jobs" --target "$target"
}

main_job() {
	build build smpsim
	echo; echo "== smpsim devices"
	build/smpsim devices || true   # no tablet or no permission is not a failure here
	echo; echo "== smpsim demo"
	build/smpsim demo   # a shipped recording practised, scored, stored, reported
}

run_tests() {
	build build all
	(cd build && ctest --output-on-failure -j "$jobs")
	build build-asan all -DSMPSIM_SANITIZE=ON
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j "$jobs")
	build build-fuzz fuzzers -DSMPSIM_FUZZ=ON -DCMAKE_C_COMPILER=clang
	(cd build-fuzz && ctest --output-on-failure -L fuzz)
}

install_missing
case "${1:-}" in
	"") main_job ;;
	test) run_tests ;;
	*) echo "usage: ./build.sh [test]" >&2; exit 2 ;;
esac
