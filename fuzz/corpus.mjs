// The committed fuzz corpus: one bundle per target (fuzz/corpus/<target>.corpus),
// each entry a 4-byte little-endian length and the bytes, in name order, so that the
// tree holds a file per target rather than thousands. libFuzzer wants a folder per target:
//   node fuzz/corpus.mjs unpack <bundle dir> <folder>   bundles → <folder>/<target>/<hash>
//   node fuzz/corpus.mjs pack <folder> <bundle dir>     <folder>/<target>/* → bundles
// tests/fuzz_corpus.rs reads the bundles directly.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [command, from, to] = process.argv.slice(2);
const name = (bytes) => createHash("sha1").update(bytes).digest("hex");

if (command === "unpack") {
  for (const file of existsSync(from) ? readdirSync(from) : []) {
    if (!file.endsWith(".corpus")) continue;
    const dir = join(to, file.slice(0, -".corpus".length));
    mkdirSync(dir, { recursive: true });
    const bundle = readFileSync(join(from, file));
    for (let at = 0; at < bundle.length; ) {
      const len = bundle.readUInt32LE(at);
      const bytes = bundle.subarray(at + 4, at + 4 + len);
      writeFileSync(join(dir, name(bytes)), bytes);
      at += 4 + len;
    }
  }
} else if (command === "pack") {
  mkdirSync(to, { recursive: true });
  for (const target of readdirSync(from)) {
    const entries = readdirSync(join(from, target)).sort();
    const chunks = [];
    for (const entry of entries) {
      const bytes = readFileSync(join(from, target, entry));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(bytes.length);
      chunks.push(len, bytes);
    }
    const out = join(to, `${target}.corpus`);
    if (entries.length) writeFileSync(out, Buffer.concat(chunks));
    else rmSync(out, { force: true });
  }
} else {
  console.error("usage: node fuzz/corpus.mjs unpack|pack <from> <to>");
  process.exit(2);
}
