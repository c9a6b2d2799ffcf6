// Runs the tagsift CLI, compiled to WebAssembly for WASI, on Node's own `node:wasi`:
// the same indexer, flags, messages and output files as the native binary, with no
// Rust toolchain. Used by `npx tagsift` (bin/tagsift.js) and by `tagsift/node`.
import { readFile } from "node:fs/promises";
import { parse, sep } from "node:path";

// Node announces node:wasi as experimental on every run: that one notice is silenced,
// every other warning still shows.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type ?? warning?.name;
  if (type === "ExperimentalWarning" && /WASI/.test(String(warning?.message ?? warning))) return;
  return emitWarning.call(this, warning, ...rest);
};
const { WASI } = await import("node:wasi");

let compiled;
/** The compiled module, once per process. */
function module() {
  compiled ??= readFile(new URL("../cli/tagsift.wasm", import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/** A host path as the WASI guest sees it: the file system's root is preopened as `/`. */
export function guestPath(hostPath) {
  const { root } = parse(hostPath);
  return "/" + hostPath.slice(root.length).split(sep).join("/");
}

/** Runs `tagsift` with `args` in `cwd`; resolves to its exit code. `stdout`/`stderr`: file
 *  descriptors to write to (the process's own by default). */
export async function run(args, { cwd = process.cwd(), stdout = 1, stderr = 2, env = process.env } = {}) {
  const wasi = new WASI({
    version: "preview1",
    args: ["tagsift", ...args],
    env: { ...env, TAGSIFT_CWD: guestPath(cwd) },
    preopens: { "/": parse(cwd).root },
    stdout,
    stderr,
    returnOnExit: true,
  });
  const instance = await WebAssembly.instantiate(await module(), wasi.getImportObject());
  return wasi.start(instance);
}

/** `run`, in a worker thread. */
export function runInWorker(args, options = {}) {
  return import("node:worker_threads").then(
    ({ Worker }) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: { args, options } });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new Error(`tagsift/node: the indexer stopped (exit ${code})`)));
      }),
  );
}
