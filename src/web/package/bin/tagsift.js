#!/usr/bin/env node
// `npx tagsift …`: the tagsift indexer on Node (>= 20) alone, through WASI.
import { run } from "../node/run.js";

process.exitCode = await run(process.argv.slice(2));
