#!/usr/bin/env bash
# tagsift build script: one entry point for building, serving, testing and benchmarking.
#
#   ./build.sh            install what is missing, build the seed index (its first view prerendered into
#                         www/index.html) and the wasm, serve www/ on :8080
#   ./build.sh test       run every test: native (cargo test), browser (wasm-pack test), end-to-end
#   ./build.sh index      build www/index.bin from seeds/, prerender www/index.html, write the article pages
#   ./build.sh wasm       build the npm package into pkg/ and copy it to www/pkg
#   ./build.sh serve      serve www/ on http://127.0.0.1:8080 (no build)
#   ./build.sh bench      engine benchmarks, sizes, widget and shard budgets in Chromium, peers side by side, builds
#   ./build.sh fuzz       every fuzz target under libFuzzer (10^7 runs per decoder, 10^6 per importer
#                         and for rebuilds);
#                         findings are saved to fuzz/findings/, the corpus minimised into fuzz/corpus/
#                         (`./build.sh fuzz short`: the few seconds per target that ./build.sh test runs;
#                         `./build.sh fuzz full sharded blob`: only the targets named)
#   ./build.sh tools      only install the toolchain
#
# Every install step checks first and is skipped when the right version is there.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

WASM_BINDGEN_VERSION=0.2.130   # must equal the pinned wasm-bindgen in Cargo.toml / Cargo.lock
# The release wasm only: std rebuilt for size with panics that abort at once (-Z build-std,
# as Pagefind builds its wasm). Pinned so that builds are reproducible; the native build,
# the tests and the browser tests stay on stable.
NIGHTLY=nightly-2026-10-15
WASM_PACK_VERSION=0.15.1
CARGO_FUZZ_VERSION=0.13.2        # ./build.sh fuzz (and its short round in ./build.sh test), on $NIGHTLY
BINARYEN_VERSION=132.0.0
PLAYWRIGHT_VERSION=1.49.1
AXE_VERSION=4.10.2
VITE_VERSION=5.4.9              # the bundler of the npm-package test
TYPESCRIPT_VERSION=5.7.3        # type-checks the package's declarations
ELEVENTY_VERSION=3.1.8          # a real site generator of the end-to-end tests (Hugo and Jekyll come from Debian)
# The peers of the side-by-side benchmark (./build.sh bench), in .tools/peers/ only.
PEERS="itemsjs@2.4.4 @orama/orama@3.1.18 minisearch@7.2.0 pagefind@1.6.0 @pagefind/linux-x64@1.6.0"
TOOLS="$ROOT/.tools"            # npm tools (wasm-opt, playwright-core, axe-core, vite, tsc); never shipped
PORT="${PORT:-8080}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

ensure_tools() {
  export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  for target in wasm32-unknown-unknown wasm32-wasip1; do
    if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
      log "installing the $target target"
      rustup target add "$target"
    fi
  done
  if ! rustup run "$NIGHTLY" rustc --print sysroot >/dev/null 2>&1 \
    || ! [ -d "$(rustup run "$NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library" ] \
    || ! rustup target list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "installing $NIGHTLY with rust-src and the wasm32 target (for the release wasm)"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src --target wasm32-unknown-unknown
  fi
  if ! (have wasm-pack && wasm-pack --version | grep -q " $WASM_PACK_VERSION"); then
    log "installing wasm-pack $WASM_PACK_VERSION"
    cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
  fi
  if ! (have wasm-bindgen && wasm-bindgen --version | grep -q " $WASM_BINDGEN_VERSION"); then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: the registry mirror lacks one locked transitive dependency.
    cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    log "installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  fi
  # strace injects faults into the build in tests/atomic_output.rs.
  if ! have strace; then
    log "installing strace"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace >/dev/null
  fi
  # Real site generators for the end-to-end tests; a test whose generator cannot be
  # installed here says so and is skipped.
  if ! have hugo || ! have jekyll; then
    log "installing Debian's hugo and jekyll"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo jekyll >/dev/null; } \
      || echo "build.sh: hugo or jekyll could not be installed; their end-to-end tests will be skipped" >&2
  fi
  local want="binaryen@$BINARYEN_VERSION playwright-core@$PLAYWRIGHT_VERSION axe-core@$AXE_VERSION"
  want+=" vite@$VITE_VERSION typescript@$TYPESCRIPT_VERSION"
  want+=" @11ty/eleventy@$ELEVENTY_VERSION"
  if ! [ -f "$TOOLS/.installed" ] || [ "$(cat "$TOOLS/.installed")" != "$want" ]; then
    log "installing npm tools into .tools/: $want"
    mkdir -p "$TOOLS"
    [ -f "$TOOLS/package.json" ] || echo '{"name":"tagsift-tools","private":true}' >"$TOOLS/package.json"
    # shellcheck disable=SC2086
    (cd "$TOOLS" && npm install --no-audit --no-fund --silent $want)
    echo "$want" >"$TOOLS/.installed"
  fi
  # Debian's wasm-opt (binaryen 108) emits wasm that fails at load time: ours must come first.
  if [ "$(command -v wasm-opt)" != "$TOOLS/node_modules/.bin/wasm-opt" ]; then
    echo "build.sh: wasm-opt resolves to $(command -v wasm-opt), not $TOOLS/node_modules/.bin/wasm-opt" >&2
    exit 1
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
}

build_index() {
  log "building www/index.bin from seeds/, its first view into www/index.html, and the article pages"
  cargo build --quiet --release --bin tagsift
  # The listing carries no links: each article links to /articles/YYYY/MM/DD/slug/,
  # where the demo has a page for it.
  target/release/tagsift index seeds -o www/index.bin --base-url /articles --prerender www/index.html
  node tests/support/article-pages.mjs www/index.bin www >&2
}

gz() { gzip -9c "$1" | wc -c; }

# One release wasm and its wasm-bindgen glue (for `<script type="module">` and bundlers
# alike) in `out`, with the crate's `features`; more wasm-bindgen flags after them.
wasm_build() {
  local out=$1 features=$2
  shift 2
  # Size first (opt-level z measured smallest, see README "Sizes"); std rebuilt for size,
  # panics abort at once, no panic locations or Debug formatting in the wasm.
  RUSTUP_TOOLCHAIN="$NIGHTLY" CARGO_TARGET_DIR=target/release-wasm CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    cargo build --quiet --release --lib --target wasm32-unknown-unknown --no-default-features --features "$features" \
    -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name tagsift_wasm "$@" \
    target/release-wasm/wasm32-unknown-unknown/release/tagsift.wasm
  wasm-opt -Oz "${WASM_FEATURES[@]}" "$out/tagsift_wasm_bg.wasm" -o "$out/tagsift_wasm_bg.wasm"
}

# The wasm features every browser of the last years has (wasm-opt must be told).
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)

build_wasm() {
  log "building the wasm (release, $NIGHTLY build-std, wasm-opt from npm binaryen $BINARYEN_VERSION)"
  # Two builds of the same crate: the widget (which can replace its instance after a
  # trap, see src/web/package/tagsift.js), and the headless search API alone, which the
  # widget's `load()` brings in on first use.
  local build="$ROOT/target/wasm-build"
  wasm_build "$build/web" widget --experimental-reset-state-function
  wasm_build "$build/headless" headless
  # The indexer for `npx tagsift` and tagsift/node: the same CLI, for WASI, on stable.
  cargo build --quiet --release --target wasm32-wasip1 --bin tagsift
  mkdir -p "$build/cli"
  wasm-opt --strip-debug "${WASM_FEATURES[@]}" target/wasm32-wasip1/release/tagsift.wasm -o "$build/cli/tagsift.wasm"
  # The npm package: the hand-written entries, types and stylesheet around the builds.
  TAGSIFT_TOOLS="$TOOLS" node src/web/package/assemble.mjs "$build" pkg >&2
  rm -rf www/pkg
  cp -r pkg www/pkg
  local wasm=pkg/web/tagsift_wasm_bg.wasm glue=(pkg/web/tagsift.js)
  printf 'budget: wasm %s bytes, %s gzip-compressed (<= 61440); JS %s bytes, %s gzip-compressed (<= 10240)\n' \
    "$(wc -c <"$wasm")" "$(gz "$wasm")" "$(cat "${glue[@]}" | wc -c)" "$(cat "${glue[@]}" | gzip -9 | wc -c)"
  printf 'stylesheet: %s bytes, %s gzip-compressed\n' "$(wc -c <pkg/web/tagsift.css)" "$(gz pkg/web/tagsift.css)"
  printf 'headless (tagsift/headless): wasm %s bytes, %s gzip-compressed (<= 51200); JS %s gzip-compressed\n' \
    "$(wc -c <pkg/headless/tagsift_wasm_bg.wasm)" "$(gz pkg/headless/tagsift_wasm_bg.wasm)" "$(gz pkg/headless/tagsift.js)"
  printf 'indexer for WASI (npx tagsift, tagsift/node): %s bytes, %s gzip-compressed\n' \
    "$(wc -c <pkg/cli/tagsift.wasm)" "$(gz pkg/cli/tagsift.wasm)"
}

ensure_peers() {
  if ! [ -f "$TOOLS/peers/.installed" ] || [ "$(cat "$TOOLS/peers/.installed")" != "$PEERS" ]; then
    log "installing the benchmark's peers into .tools/peers/: $PEERS"
    mkdir -p "$TOOLS/peers"
    [ -f "$TOOLS/peers/package.json" ] || echo '{"name":"tagsift-peers","private":true}' >"$TOOLS/peers/package.json"
    # shellcheck disable=SC2086
    (cd "$TOOLS/peers" && npm install --no-audit --no-fund --silent $PEERS)
    echo "$PEERS" >"$TOOLS/peers/.installed"
  fi
}

serve() {
  log "serving www/ on http://127.0.0.1:$PORT"
  exec node tests/support/static-server.mjs www "$PORT"
}

run_tests() {
  log "formatting and lints"
  cargo fmt --all -- --check
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --lib --tests --target wasm32-unknown-unknown --no-default-features --features widget,headless -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features widget -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features headless -- -D warnings
  log "native tests"
  cargo test --all-targets
  cargo test --doc
  log "a short round of every fuzz target (./build.sh fuzz runs the long one)"
  run_fuzz short
  log "browser tests (wasm-bindgen-test in headless Chromium)"
  # --tests: doctests under the wasm runner pass even when false; they run natively above.
  # Explicit targets: doctests under the wasm runner pass even when false (they run natively above).
  wasm-pack test --headless --chrome --mode no-install -- --no-default-features --features widget,headless --lib --test "web*"
  log "end-to-end tests (the built demo in headless Chromium)"
  build_index
  build_wasm
  TAGSIFT_TOOLS="$TOOLS" node --test --test-concurrency=1 tests/e2e/
}

ensure_fuzz() {
  if ! (have cargo-fuzz && cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"); then
    log "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
  fi
}

# Every target of src/fuzz.rs under libFuzzer. `full`: 10^7 runs per decoder target and
# 10^6 per importer, then the corpus is minimised into fuzz/corpus/; `short` (part of
# ./build.sh test): a few seconds each, starting from the committed corpus. Two targets
# run at a time (one per core). Findings (crashes, timeouts over 1 s, memory over the
# limits) are copied to fuzz/findings/<target>/, where the native tests replay them.
run_fuzz() {
  local mode=$1 chosen=("${@:2}")
  ensure_fuzz
  log "fuzz seeds: the corpus, the findings and real inputs replayed on stable (tests/fuzz_corpus.rs)"
  cargo test --quiet --test fuzz_corpus >/dev/null
  log "building the fuzz targets ($NIGHTLY, cargo-fuzz $CARGO_FUZZ_VERSION)"
  # No sanitizer: the crate forbids unsafe code, and what is looked for here (panics,
  # hangs, memory beyond bounds) needs none; runs are 2-3 times faster without.
  (cd fuzz && cargo "+$NIGHTLY" fuzz build -O -s none 2>&1 | grep -v '^ *Compiling' >&2 || true)
  local logs="$ROOT/target/fuzz-logs" corpus="$ROOT/target/fuzz-corpus" targets=() slots=2
  # One core per target: the library's rayon pool would only contend with the other target
  # (it cost blob_sealed a third of its runs, spent switching threads).
  export RAYON_NUM_THREADS=1
  rm -rf "$logs" "$corpus" && mkdir -p "$logs"
  # The committed corpus is one bundle per target: libFuzzer grows a folder of its own.
  node fuzz/corpus.mjs unpack fuzz/corpus "$corpus"
  for file in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$file" .rs)"); done
  if [ "${#chosen[@]}" -gt 0 ]; then
    for target in "${chosen[@]}"; do
      [ -f "fuzz/fuzz_targets/$target.rs" ] || { echo "build.sh: no fuzz target '$target' (targets: ${targets[*]})" >&2; return 2; }
    done
    targets=("${chosen[@]}")
  fi
  log "fuzzing ${#targets[@]} targets ($mode), $slots at a time"
  fuzz_one() {
    local target=$1 limit max_len=65536
    # Importers read pages and feeds: 16 KiB inputs hold every construct and run faster.
    [[ $target == import_* ]] && max_len=16384
    # Structured inputs that fit in a few KiB: the sharded reader's session (at most 64
    # steps), a query object (three levels deep), an address's parameters (at most 33).
    # Longer inputs only cost time: sharded's rate fell from 1,300 runs/s to 930, query's
    # and url_state's from 4,000 to 1,500. Long strings have tests of their own.
    [[ $target == sharded || $target == query || $target == url_state ]] && max_len=4096
    # A whole build per input (the importers, a rebuild over an earlier build's folder):
    # 10^6 runs; the decoders 10^7.
    if [ "$mode" = short ]; then limit="-max_total_time=8"
    elif [[ $target == import_* || $target == rebuild ]]; then limit="-runs=1000000"
    else limit="-runs=10000000"; fi
    mkdir -p "$corpus/$target" "target/fuzz-seeds/$target"
    # Bounded: no input may take over a second or 1 GiB, no single allocation over 256 MiB.
    local rc=0
    (cd fuzz && cargo "+$NIGHTLY" fuzz run -O -s none "$target" "$corpus/$target" "../target/fuzz-seeds/$target" -- \
      $limit -timeout=1 -rss_limit_mb=1024 -malloc_limit_mb=256 -max_len=$max_len -print_final_stats=1) \
      >"$logs/$target.log" 2>&1 || rc=$?
    echo "$rc" >"$logs/$target.rc"
  }
  local running=0
  for target in "${targets[@]}"; do
    fuzz_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$slots" ]; then wait -n; running=$((running - 1)); fi
  done
  wait
  local failed=0
  printf '%-16s %12s %8s %10s %s\n' target executions seconds 'execs/s' findings
  for target in "${targets[@]}"; do
    local runs secs found=0
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$target.log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logs/$target.log" | tail -1)
    mkdir -p "fuzz/findings/$target"
    for artifact in fuzz/artifacts/"$target"/*; do
      [ -f "$artifact" ] || continue
      cp "$artifact" "fuzz/findings/$target/" && found=$((found + 1))
    done
    rm -rf "fuzz/artifacts/$target"
    rmdir "fuzz/findings/$target" 2>/dev/null || true
    [ "$(cat "$logs/$target.rc")" = 0 ] || failed=1
    printf '%-16s %12s %8s %10s %s\n' "$target" "${runs:-?}" "${secs:-?}" \
      "$([ -n "${runs:-}" ] && [ "${secs:-0}" -gt 0 ] && echo $((runs / secs)) || echo '?')" \
      "$([ "$found" -gt 0 ] && echo "$found (fuzz/findings/$target/, log $logs/$target.log)" || echo none)"
  done
  if [ "$mode" = full ]; then
    # Minimised by coverage, entries cut to 2 KiB (the seeds, which are larger, are
    # written afresh by the tests), then packed back into fuzz/corpus/.
    log "minimising the corpus into fuzz/corpus/"
    for target in "${targets[@]}"; do
      (cd fuzz && cargo "+$NIGHTLY" fuzz cmin -O -s none "$target" "$corpus/$target" -- -timeout=1 \
        -rss_limit_mb=1024 -max_len=2048 >"$logs/$target.cmin.log" 2>&1) || echo "build.sh: cmin of $target failed (see its log)" >&2
    done
    node fuzz/corpus.mjs pack "$corpus" fuzz/corpus
    printf 'corpus: %s entries in fuzz/corpus/ (%s bytes)\n' "$(find "$corpus" -type f | wc -l)" "$(cat fuzz/corpus/*.corpus | wc -c)"
  fi
  [ "$failed" = 0 ] || { echo "build.sh: fuzzing found problems (see above); fix them and keep the findings" >&2; return 1; }
}

run_bench() {
  # Builds are measured with GNU time (wall clock and peak memory).
  [ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  log "engine benchmarks (criterion; p50/p95 table at the end; TAGSIFT_BENCH_SIZES=1000,10000 to limit)"
  cargo bench --bench engine
  log "size report"
  build_index
  target/release/tagsift inspect www/index.bin | tail -2
  build_wasm
  log "widget budgets in headless Chromium (bytes, first results, tag click at 10k)"
  node benches/widget.mjs
  log "sharded index at 10k, 100k and 1M articles (bytes, requests, first result, clicks, build)"
  node benches/shards.mjs
  ensure_peers
  log "what a rebuild changes after each kind of edit, text queries' fetches, the build on 1 and 2 threads and beside the peers'"
  TAGSIFT_PEERS="$TOOLS/peers" node benches/rebuilds.mjs
  log "side by side with itemsjs, Orama, MiniSearch and Pagefind (writes docs/benchmarks/)"
  TAGSIFT_TOOLS="$TOOLS" node benches/peers/run.mjs
  log "one-file index build for 1M synthetic articles (time and peak memory)"
  /usr/bin/time -f "%e s wall, %M KB peak RSS" target/release/tagsift synth --articles 1000000 --seed 42 \
    --index "${TMPDIR:-/tmp}/tagsift-synth-1m.bin" --split never
  rm -f "${TMPDIR:-/tmp}/tagsift-synth-1m.bin"
  log "indexing 10k Markdown files natively and through WASI (npx tagsift, no Rust toolchain)"
  local md10="${TMPDIR:-/tmp}/tagsift-md-10k"
  rm -rf "$md10" "$md10-native" "$md10-wasi"
  target/release/tagsift synth --articles 10000 --seed 5 --markdown "$md10"
  /usr/bin/time -f "native: %e s wall, %M KB peak RSS" target/release/tagsift index "$md10" -o "$md10-native/index.bin" >/dev/null
  /usr/bin/time -f "WASI (node pkg/bin/tagsift.js): %e s wall, %M KB peak RSS" \
    node pkg/bin/tagsift.js index "$md10" -o "$md10-wasi/index.bin" >/dev/null
  diff -r "$md10-native" "$md10-wasi" >/dev/null && echo "the same files, byte for byte"
  rm -rf "$md10" "$md10-native" "$md10-wasi"
  log "indexing 100k Markdown files (written by tagsift synth --markdown)"
  local md="${TMPDIR:-/tmp}/tagsift-md-100k"
  rm -rf "$md"
  target/release/tagsift synth --articles 100000 --seed 3 --markdown "$md"
  /usr/bin/time -f "%e s wall, %M KB peak RSS" target/release/tagsift index "$md" -o "$md-index/index.bin"
  rm -rf "$md" "$md-index"
}

case "${1:-all}" in
  all) ensure_tools; build_index; build_wasm; serve ;;
  test) ensure_tools; run_tests ;;
  bench) ensure_tools; run_bench ;;
  fuzz) ensure_tools; run_fuzz "${2:-full}" "${@:3}" ;;
  index) ensure_tools; build_index ;;
  wasm) ensure_tools; build_wasm ;;
  serve) serve ;;
  tools) ensure_tools ;;
  *) echo "usage: ./build.sh [all|test|index|wasm|serve|bench|fuzz|tools]" >&2; exit 2 ;;
esac
