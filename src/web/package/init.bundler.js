// The bundler flavour's wasm is instantiated by the bundler when the module loads.
export const ready = () => Promise.resolve();
