// Assembles the npm package `tagsift` from the wasm builds in <build dir> (web/ with
// the widget and headless/ with the search API alone, each with its wasm-bindgen glue
// and wasm) and the CLI built for WASI (cli/tagsift.wasm), which `npx tagsift` and
// `tagsift/node` run:
//   node assemble.mjs <build dir> <out dir>
// Each flavour directory gets its hand-written entry, types and (with the widget) the
// stylesheet; package.json maps `tagsift` (and `tagsift/web`, its name before 0.3) to
// the widget and `tagsift/headless` to the search API without it. Each entry is bundled
// (esbuild) with its init and the wasm-bindgen glue into one module: a script tag then
// costs one round trip before the wasm, not two. The glue finds its wasm with
// `new URL("tagsift_wasm_bg.wasm", import.meta.url)`, which bundlers (Vite, webpack 5,
// Rollup, esbuild) turn into an asset of the build without a plugin.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [build, out] = process.argv.slice(2);
if (!out) throw new Error("usage: node assemble.mjs <build dir> <out dir>");
const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../../..");
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, "m"))[1];

rmSync(out, { recursive: true, force: true });
for (const flavour of ["web", "headless"]) {
  const from = join(build, flavour);
  const dir = join(out, flavour);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(from)) {
    if (/^tagsift_wasm/.test(file)) cpSync(join(from, file), join(dir, file));
  }
  cpSync(join(here, "io.js"), join(dir, "io.js"));
  if (flavour === "headless") {
    cpSync(join(here, "headless.js"), join(dir, "tagsift.js"));
    cpSync(join(here, "headless.d.ts"), join(dir, "tagsift.d.ts"));
  } else {
    for (const file of ["tagsift.js", "tagsift.d.ts", "tagsift.css"]) cpSync(join(here, file), join(dir, file));
    cpSync(join(here, `init.${flavour}.js`), join(dir, "init.js"));
  }
}

const tools = process.env.TAGSIFT_TOOLS ?? join(root, ".tools");
const esbuild = createRequire(join(tools, "package.json"))("esbuild");
for (const flavour of ["web", "headless"]) {
  esbuild.buildSync({
    entryPoints: [join(out, flavour, "tagsift.js")],
    outfile: join(out, flavour, "tagsift.js"),
    allowOverwrite: true,
    bundle: true,
    // The widget's `load()` brings the headless flavour in only when it is called.
    external: ["../headless/tagsift.js"],
    format: "esm",
    // Every browser with DecompressionStream("deflate-raw") runs ES2022.
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
}
for (const flavour of ["web", "headless"]) rmSync(join(out, flavour, "io.js"));
rmSync(join(out, "web", "init.js"));

// The indexer: the CLI for WASI, its launcher and the Node API around it.
mkdirSync(join(out, "cli"), { recursive: true });
cpSync(join(build, "cli", "tagsift.wasm"), join(out, "cli", "tagsift.wasm"));
cpSync(join(here, "bin"), join(out, "bin"), { recursive: true });
cpSync(join(here, "node"), join(out, "node"), { recursive: true });

const flavour = (dir) => ({ types: `./${dir}/tagsift.d.ts`, default: `./${dir}/tagsift.js` });
const pkg = {
  name: "tagsift",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  module: "./web/tagsift.js",
  types: "./web/tagsift.d.ts",
  bin: { tagsift: "./bin/tagsift.js" },
  engines: { node: ">=20" },
  exports: {
    ".": flavour("web"),
    "./web": flavour("web"),
    "./headless": flavour("headless"),
    "./node": { types: "./node/index.d.ts", default: "./node/index.js" },
    "./tagsift.css": "./web/tagsift.css",
    "./package.json": "./package.json",
  },
  files: ["web", "headless", "bin", "cli", "node", "README.md"],
  sideEffects: ["./web/tagsift.js", "*.css"],
  keywords: ["search", "tags", "facets", "wasm", "static-site"],
};
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
cpSync(join(here, "README.md"), join(out, "README.md"));
console.log(`assembled ${out} (tagsift ${pkg.version})`);
