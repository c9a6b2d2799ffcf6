// Runs the CLI off the main thread for tagsift/node, so a build integration's event loop
// (a dev server, say) keeps going while an index is built.
import { parentPort, workerData } from "node:worker_threads";
import { run } from "./run.js";

parentPort.postMessage(await run(workerData.args, workerData.options));
