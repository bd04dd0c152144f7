// Inlined into every page, minified (src/integrations/minified-scripts.ts); its script element carries
// `data-src` (the search client's URL) and, to start at once, `data-now`. Search costs nothing until the
// reader reaches for it: focus, a click, or the "/" key.
(() => {
  const { src, now } = document.currentScript.dataset;
  const input = document.getElementById('site-search');
  let started;
  const start = () => (started ??= import(src).then((client) => client.start(input)));
  input.addEventListener('focus', start, { once: true });
  addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
  });
  if (now !== undefined) start();
})();
