// Headless Chromium for the end-to-end tests: Debian's chromium driven by playwright-core
// (installed by build.sh into .tools/; it downloads no browser of its own).
import { createRequire } from "node:module";
import { join } from "node:path";

const tools = process.env.TAGSIFT_TOOLS ?? new URL("../../.tools/", import.meta.url).pathname;
const require = createRequire(join(tools, "package.json"));
export const { chromium } = require("playwright-core");

/** Launches headless Chromium with the flags this closed network needs.
 *  (Playwright gives every launch a fresh temporary profile of its own.) */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Collects console errors and page errors of `page`, for asserting there are none. */
export function collectErrors(page) {
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}
