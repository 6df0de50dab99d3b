#!/usr/bin/env bash
# t-smoke.sh — make check's fuzz smoke: build every libFuzzer target (make fuzz-build, clang + ASan +
# UBSan, into build/fuzz/), then run each over its seeds and ~2 s of new inputs (about 20 s in all).
# Any crash, sanitizer report, leak or timeout fails; its input is left in build/fuzz/crashes/.
set -u
cd "$(dirname "$0")/../.." || exit 2
seconds=${FUZZ_SMOKE_SECONDS:-2}
command -v "${FUZZ_CC:-clang}" >/dev/null || { echo "skip: no clang (apt-get install clang libclang-rt-14-dev)"; exit 77; }
rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
if [ "$(uname -m)" = x86_64 ] && [ ! -e "$rt" ] && ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	echo "skip: no libFuzzer runtime (apt-get install libclang-rt-14-dev)"; exit 77
fi
mkdir -p build/fuzz
# One smoke at a time per tree: two `make check` runs share build/fuzz/.
exec 9>build/fuzz/.lock
flock -w 900 9 || { echo "FAIL: build/fuzz is locked by another run for 15 min"; exit 1; }
# The make that runs this test passes its own flags down (SANITIZE=1, -j's jobserver): not wanted here.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s fuzz-build; then
	echo "FAIL: make fuzz-build"; exit 1
fi
names=$(for f in tests/fuzz/*.c; do basename "$f" .c; done)
# shellcheck disable=SC2086
tests/fuzz/run-fuzzers "$seconds" $names
