// Assembles the npm package `tagsift` from the two wasm-pack builds:
//   node assemble.mjs <web build dir> <bundler build dir> <out dir>
// Each flavour directory gets the hand-written entry, its init, types and stylesheet;
// package.json maps `tagsift` to the bundler flavour and `tagsift/web` to the web one.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
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
