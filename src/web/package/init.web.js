// The web flavour fetches and instantiates the wasm beside this file on first use.
import init from "./tagsift_wasm.js";

let started;
export const ready = () => (started ??= init());
