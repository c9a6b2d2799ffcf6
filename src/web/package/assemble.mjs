// Assembles the npm package `tagsift` from the two wasm-pack builds:
//   node assemble.mjs <web build dir> <bundler build dir> <out dir>
// Each flavour directory gets the hand-written entry, its init, types and stylesheet;
// package.json maps `tagsift` to the bundler flavour and `tagsift/web` to the web one.
// The web flavour's entry is bundled (esbuild) with its init and the wasm-bindgen glue
// into one module: a script tag then costs one round trip before the wasm, not two.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [web, bundler, out] = process.argv.slice(2);
if (!out) throw new Error("usage: node assemble.mjs <web build dir> <bundler build dir> <out dir>");
const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../../..");
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, "m"))[1];

rmSync(out, { recursive: true, force: true });
for (const [flavour, from] of [["web", web], ["bundler", bundler]]) {
  const dir = join(out, flavour);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(from)) {
    if (/^tagsift_wasm/.test(file)) cpSync(join(from, file), join(dir, file));
  }
  for (const file of ["tagsift.js", "tagsift.d.ts", "tagsift.css"]) cpSync(join(here, file), join(dir, file));
  cpSync(join(here, `init.${flavour}.js`), join(dir, "init.js"));
}

const tools = process.env.TAGSIFT_TOOLS ?? join(root, ".tools");
const esbuild = createRequire(join(tools, "package.json"))("esbuild");
esbuild.buildSync({
  entryPoints: [join(out, "web", "tagsift.js")],
  outfile: join(out, "web", "tagsift.js"),
  allowOverwrite: true,
  bundle: true,
  format: "esm",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
});
rmSync(join(out, "web", "init.js"));

const flavour = (dir) => ({ types: `./${dir}/tagsift.d.ts`, default: `./${dir}/tagsift.js` });
const pkg = {
  name: "tagsift",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  module: "./bundler/tagsift.js",
  types: "./bundler/tagsift.d.ts",
  exports: {
    ".": flavour("bundler"),
    "./web": flavour("web"),
    "./tagsift.css": "./web/tagsift.css",
    "./package.json": "./package.json",
  },
  files: ["web", "bundler", "README.md"],
  sideEffects: ["./web/tagsift.js", "./bundler/tagsift.js", "./bundler/tagsift_wasm.js", "*.css"],
  keywords: ["search", "tags", "facets", "wasm", "static-site"],
};
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
cpSync(join(here, "README.md"), join(out, "README.md"));
console.log(`assembled ${out} (tagsift ${pkg.version})`);
