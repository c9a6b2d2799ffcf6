// Fetches and instantiates the wasm beside this file on first use; `reset` replaces the
// instance with a fresh one of the same compiled module (after a trap, see tagsift.js).
import init, { __wbg_reset_state } from "./tagsift_wasm.js";

let started;
export const ready = () => (started ??= init());
export const reset = () => __wbg_reset_state();
