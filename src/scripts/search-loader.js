// Inlined into every page, minified, with `src` (the search client's URL) and `now` (start at once) defined
// before it by src/utils/inline-scripts.ts. Search costs nothing until the reader reaches for it: focus, a
// click, or the "/" key.
/* global src, now */
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
if (now) start();
