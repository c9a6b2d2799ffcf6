//! One cfg for "compiled for a browser": `wasm32-unknown-unknown`. WASI builds are
//! wasm32 too but have no JavaScript host, so `target_arch = "wasm32"` alone would
//! wrongly pull the web layer into `npx tagsift`.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(browser)");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if arch == "wasm32" && os == "unknown" {
        println!("cargo::rustc-cfg=browser");
    }
}
