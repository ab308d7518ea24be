#!/usr/bin/env bash
# Builds hms-wasm for wasm32-unknown-unknown and binds it for Node and the
# web, into target/wasm/pkg-node and target/wasm/pkg-web. Needs only Debian,
# crates.io and the rustup toolchain (see shared notes, wasm-toolchain.md):
# Debian's Rust 1.96 with its library source builds std for the target, the
# rustup toolchain's rust-lld links, wasm-bindgen-cli (pinned to the crate's
# version) binds. Installs are skipped when the tools are already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

bindgen_version=0.2.130
if ! [[ -x /usr/bin/rustc && -d /usr/lib/rustlib/src/rust/library ]] || ! /usr/bin/rustc --version | grep -q '^rustc 1\.96'; then
    echo "bridges/wasm/build.sh: installing Debian's rustc-web, cargo-web, rust-web-src" >&2
    apt-get update -qq && apt-get install -y -qq rustc-web cargo-web rust-web-src >/dev/null
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$"; then
    echo "bridges/wasm/build.sh: installing wasm-bindgen-cli $bindgen_version (a few minutes, once)" >&2
    cargo install --quiet wasm-bindgen-cli --version "$bindgen_version"
fi
lld=$(ls ~/.rustup/toolchains/*/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld | head -n1)

# A target dir of its own, so these flags never invalidate the native build;
# wasm32-unknown-unknown cannot unwind, so this build aborts on panic.
CARGO_TARGET_DIR=target/wasm CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_STRIP=true RUSTFLAGS="-C linker=$lld" \
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    /usr/bin/cargo build --quiet -p hms-wasm --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

module=target/wasm/wasm32-unknown-unknown/release/hms_wasm.wasm
wasm-bindgen --target nodejs --out-dir target/wasm/pkg-node "$module"
wasm-bindgen --target web --out-dir target/wasm/pkg-web "$module"
echo "bridges/wasm/build.sh: $(du -h "$module" | cut -f1) module, bound in target/wasm/pkg-node and target/wasm/pkg-web"

# --commit: also replace the build that is committed (bridges/wasm/pkg), which
# hmsd embeds and the TypeScript client packages; tests/wasm checks that it
# gives the native answers, so a change to the domain asks for this.
if [[ ${1:-} == --commit ]]; then
    for kind in node web; do
        rm -rf "bridges/wasm/pkg/$kind" && mkdir -p "bridges/wasm/pkg/$kind"
        cp target/wasm/pkg-$kind/hms_wasm.js target/wasm/pkg-$kind/hms_wasm.d.ts \
            target/wasm/pkg-$kind/hms_wasm_bg.wasm "bridges/wasm/pkg/$kind/"
    done
    echo "bridges/wasm/build.sh: committed build replaced in bridges/wasm/pkg"
fi
