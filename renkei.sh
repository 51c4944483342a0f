#!/usr/bin/env bash
# Renkei's one entry point for newcomers and CI.
#   ./renkei.sh demo    install what is missing, build, run the broker with the sample units and
#                       the example traffic, and explain what happened to each exchange
#   ./renkei.sh test    install what is missing, build, run the whole ctest suite; with
#                       RENKEI_SANITIZE_TESTS=1 also build with ASan+UBSan (in build-asan/)
#                       and run the suite under it
#   ./renkei.sh build   install what is missing and build only
#   ./renkei.sh deps    install the Debian packages the project needs
#   ./renkei.sh fuzz [TARGET [SECONDS]]
#                       build the libFuzzer targets with clang over an instrumented library (in
#                       build-fuzz/), and run TARGET (e.g. envelope) for SECONDS (default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${RENKEI_BUILD_DIR:-$ROOT/build}"
JOBS="${RENKEI_JOBS:-2}"
ASAN_BUILD="${RENKEI_ASAN_BUILD_DIR:-$ROOT/build-asan}"

PACKAGES=(
  build-essential cmake pkg-config ccache
  gsoap libgsoap-dev libxerces-c-dev libcurl4-openssl-dev libssl-dev
  libzmq3-dev cppzmq-dev libgtest-dev libgmock-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  libxml2-utils curl chromium graphviz
  # The broker's malloc (broker/CMakeLists.txt says why).
  libjemalloc-dev
  # The web view test drives Chromium through WebDriver (tests/integration/browser/).
  chromium-driver python3-selenium
  # WS-Security: XML Signature on the Xerces DOM, and xmlsec1 (the tests sign with it).
  libxml-security-c-dev xmlsec1
  # bench/run.sh and its smoke test: nginx as the reverse-proxy ceiling, wrk as the load.
  nginx-light wrk
  # Japanese glyphs for Graphviz (it measures unit and purpose names to size the graph's boxes)
  # and for the headless browser that tests the web view.
  fonts-ipafont-gothic
  # IPAmj明朝 (文字情報基盤): glyphs for the 住基 names beyond JIS X 0208 (𠮷 U+20BB7 ...) that
  # the conformance report shows.
  fonts-ipamj-mincho
)

say() { printf '\033[1m%s\033[0m\n' "$*"; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

# ccache keyed on paths relative to the repository root, so a fresh clone elsewhere (another CI
# workspace, a second worktree) reuses the objects; NOHASHDIR keeps the build directory out of the
# key of -g objects whatever the user's ccache.conf says.
use_ccache() {
  LAUNCHER=()
  command -v ccache > /dev/null || return 0
  export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
}

# configure_and_build DIR [CMAKE_ARGS...]
configure_and_build() {
  local dir="$1"
  shift
  use_ccache
  mkdir -p "$dir"
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${LAUNCHER[@]}" "$@" \
    > "$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
  cmake --build "$dir" -j"$JOBS"
}

build() {
  deps
  say "Building in $BUILD"
  configure_and_build "$BUILD"
}

fuzz() {
  PACKAGES+=(clang libclang-rt-14-dev)
  deps
  local dir="$ROOT/build-fuzz" target="${1:-}" seconds="${2:-60}"
  say "Building the fuzz targets in $dir (clang, -fsanitize=fuzzer-no-link,address,undefined)"
  mkdir -p "$dir"
  use_ccache
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "${LAUNCHER[@]}" -DRENKEI_FUZZ=ON > "$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
  local targets=()
  for f in "$ROOT"/tests/fuzz/*_fuzzer.cpp; do targets+=("$(basename "${f%.cpp}")"); done
  cmake --build "$dir" -j"$JOBS" --target "${targets[@]}"
  [ -n "$target" ] || { say "Built: ${targets[*]} (in $dir/tests/fuzz)"; return 0; }
  # New inputs go to a scratch corpus; the seeds in tests/fuzz/corpus stay as committed.
  local scratch="$dir/corpus/$target"
  mkdir -p "$scratch"
  say "Fuzzing $target for ${seconds}s (new inputs in $scratch; crashes in $dir)"
  cd "$dir" && "$dir/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" \
    "$scratch" "$ROOT/tests/fuzz/corpus/$target"
}

# Wall time of each phase, so a CI log says where its 90 minutes went.
phase_start() { PHASE_STARTED=$SECONDS; }
phase_done() { say "$1 took $((SECONDS - PHASE_STARTED)) s"; }

# What failed, at the end of the output: a long CI log is often shown only by its head and its
# tail, and ctest's --output-on-failure puts each failed assertion in the middle, among the
# broker's own log lines.
summarize_failures() {
  local log="$1/Testing/Temporary/LastTest.log"
  [ -f "$log" ] || return 0
  say "Failed assertions (from $log):"
  grep -a -A4 -E '(: Failure$|^\[  FAILED  \] .*\([0-9]+ ms\)$)' "$log" \
    | grep -a -v '^renkei: ' | head -n 120 || true
}

run_tests() {
  phase_start
  build
  phase_done "The build"
  say "Running the test suite"
  phase_start
  local status=0
  ctest --test-dir "$BUILD" --output-on-failure -j"$JOBS" --timeout 300 || status=$?
  phase_done "The test suite"
  if [ "$status" != 0 ]; then
    summarize_failures "$BUILD"
    return "$status"
  fi
  # CI sets it (.ci/run); a developer usually wants the quick loop without it.
  [ "${RENKEI_SANITIZE_TESTS:-0}" = 0 ] || run_sanitized_tests
}

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer (in build-asan/). It
# caught a worker racing Xerces' lazily built grammar state once; CI fails on any report.
run_sanitized_tests() {
  say "Building with ASan+UBSan in $ASAN_BUILD"
  # -O1 -g1: half the compiler time of -O2 -g under the sanitizers, and still line numbers in
  # every report (the optimisation level the sanitizers' documentation recommends).
  phase_start
  configure_and_build "$ASAN_BUILD" -DRENKEI_SANITIZE=ON \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
  phase_done "The ASan+UBSan build"
  local reports="$ASAN_BUILD/sanitizer-reports"
  rm -rf "$reports"
  mkdir -p "$reports"
  # Every process the tests start (renkei serve, the sample units, the CLI) inherits these, and
  # writes any report to a file of its own: a report from a child whose exit status no test looks
  # at still fails the run. halt_on_error: the first error ends the process (UBSan would go on).
  # detect_leaks stays on: leaks at exit are how the Xerces race showed. tests/sanitizer/*.supp
  # take an entry only for a report inside a system library, each with its reason.
  export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:log_path=$reports/asan"
  export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizer/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:\
suppressions=$ROOT/tests/sanitizer/ubsan.supp"
  # The instrumented processes run two to five times slower: the tests' deadlines (upper bounds
  # on "something is wrong", tests/support/deadline_scale.h) stretch by this factor.
  export RENKEI_TEST_DEADLINE_SCALE=3
  say "Running the test suite under ASan+UBSan"
  local status=0
  phase_start
  ctest --test-dir "$ASAN_BUILD" --output-on-failure -j"$JOBS" --timeout 600 || status=$?
  phase_done "The test suite under ASan+UBSan"
  [ "$status" = 0 ] || summarize_failures "$ASAN_BUILD"
  if compgen -G "$reports/*" > /dev/null; then
    say "Sanitizer reports (in $reports):"
    cat "$reports"/*
    status=1
  fi
  # GCC's libubsan, linked beside ASan, ignores log_path and reports on stderr: look for its
  # reports in every test's output too (a child whose stderr a test swallows and whose exit
  # status it ignores can still hide one; halt_on_error at least ends that child).
  local log="$ASAN_BUILD/Testing/Temporary/LastTest.log"
  if grep -q "runtime error: " "$log" 2> /dev/null; then
    say "UndefinedBehaviorSanitizer reports (in $log):"
    grep -B2 -A12 "runtime error: " "$log"
    status=1
  fi
  return "$status"
}

case "${1:-}" in
  deps) deps ;;
  build) build ;;
  test) run_tests ;;
  demo) build; exec "$ROOT/examples/demo.sh" "$BUILD" ;;
  fuzz) shift; fuzz "$@" ;;
  -h|--help|help|"")
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    [ -n "${1:-}" ] || exit 2 ;;
  *) echo "renkei.sh: unknown command '$1' (try --help)" >&2; exit 2 ;;
esac
