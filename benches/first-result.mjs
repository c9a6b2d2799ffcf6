// Shared by the browser benchmarks: an init script that records, in the page, when the
// first result card appears (window.__firstResults, ms since navigation start).
export function watchFirstCard() {
  new MutationObserver((_, observer) => {
    if (document.querySelector(".tagsift-card")) {
      window.__firstResults = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}
