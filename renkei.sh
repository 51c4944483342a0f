#!/usr/bin/env bash
# Renkei's one entry point for newcomers and CI.
#   ./renkei.sh demo    install what is missing, build, run the broker with the sample units and
#                       the example traffic, and explain what happened to each exchange
#   ./renkei.sh test    install what is missing, build, run the whole ctest suite
#   ./renkei.sh build   install what is missing and build only
#   ./renkei.sh deps    install the Debian packages the project needs
#   ./renkei.sh fuzz [TARGET [SECONDS]]
#                       build the libFuzzer targets with clang over an instrumented library (in
#                       build-fuzz/), and run TARGET (e.g. envelope) for SECONDS (default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${RENKEI_BUILD_DIR:-$ROOT/build}"
JOBS="${RENKEI_JOBS:-2}"

PACKAGES=(
  build-essential cmake pkg-config
  gsoap libgsoap-dev libxerces-c-dev libcurl4-openssl-dev libssl-dev
  libzmq3-dev cppzmq-dev libgtest-dev libgmock-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  libxml2-utils curl chromium graphviz
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

build() {
  deps
  say "Building in $BUILD"
  mkdir -p "$BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$BUILD/configure.log" 2>&1 \
    || { cat "$BUILD/configure.log"; exit 1; }
  cmake --build "$BUILD" -j"$JOBS"
}

fuzz() {
  PACKAGES+=(clang libclang-rt-14-dev)
  deps
  local dir="$ROOT/build-fuzz" target="${1:-}" seconds="${2:-60}"
  say "Building the fuzz targets in $dir (clang, -fsanitize=fuzzer-no-link,address,undefined)"
  mkdir -p "$dir"
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRENKEI_FUZZ=ON > "$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
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

run_tests() {
  build
  say "Running the test suite"
  ctest --test-dir "$BUILD" --output-on-failure -j"$JOBS" --timeout 300
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
