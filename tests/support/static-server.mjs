// A static file server for the demo and the end-to-end tests: loopback only, correct
// MIME types (application/wasm), gzip when the client accepts it, as a static host would.
//
//   node tests/support/static-server.mjs <root> [port]     (port 0: pick a free one)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};

/** Starts serving `root`; resolves to { server, url, requests, setRoot } once listening
 *  (`setRoot(dir)` serves another folder from then on: a new deployment).
 *  `isolate`: send the cross-origin isolation headers (COOP/COEP), which give pages
 *  performance.now() at microsecond resolution (benchmarks). `intercept(req, res, path,
 *  file)`: answers a request itself when it returns true (fault injection in tests). */
export function serve(root, port = 0, { isolate = false, intercept } = {}) {
  let base = resolve(root);
  const requests = [];
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (intercept && (await intercept(req, res, path, join(base, path)))) {
      requests.push({ path, intercepted: true });
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const info = await stat(file);
      let body = await readFile(file);
      const raw = body.length;
      const headers = {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-cache",
      };
      if (isolate) {
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      }
      if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        // Compressed once per file version, as a static host pre-compresses.
        const key = `${file}:${info.size}:${info.mtimeMs}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers["Content-Encoding"] = "gzip";
      }
      headers["Content-Length"] = body.length;
      requests.push({ path, bytes: body.length, raw });
      res.writeHead(200, headers).end(body);
    } catch {
      requests.push({ path, bytes: 0, status: 404 });
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const setRoot = (dir) => (base = resolve(dir));
      ok({ server, url: `http://127.0.0.1:${server.address().port}/`, requests, setRoot });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root = "www", port = "8080"] = process.argv.slice(2);
  const { url } = await serve(root, Number(port));
  console.log(`serving ${resolve(root)} on ${url} (Ctrl-C to stop)`);
}
