// @ts-check
// The help center's search, loaded only when a reader reaches for it (see BaseLayout's handlers).
// Plain JavaScript so it ships as one small hashed file with no build step of its own.

/**
 * @typedef {{ title: string, url: string, excerpt: string }} SubResult
 * @typedef {{ url: string, excerpt: string, meta: Record<string, string>, sub_results: SubResult[] }} ResultData
 * @typedef {{ id: string, data: () => Promise<ResultData> }} Result
 * @typedef {{ results: Result[], unfilteredResultCount: number, filters: Record<string, Record<string, number>> } | null} Search
 * @typedef {{
 *   options: (options: object) => Promise<void>,
 *   init: () => Promise<void>,
 *   filters: () => Promise<Record<string, Record<string, number>>>,
 *   debouncedSearch: (query: string, options?: object, ms?: number) => Promise<Search>,
 *   search: (query: string, options?: object) => Promise<Search>,
 * }} Pagefind
 */

const DROPDOWN_LIMIT = 6;
const PAGE_LIMIT = 20;

/** @type {Promise<Pagefind> | undefined} */
let pagefindPromise;

/** @returns {Promise<Pagefind>} */
function loadPagefind() {
  pagefindPromise ??= (async () => {
    const pagefindUrl = '/pagefind/pagefind.js';
    /** @type {Pagefind} */
    const pagefind = await import(/* @vite-ignore */ pagefindUrl);
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  })();
  return pagefindPromise;
}

/** @param {string} key */
function text(key) {
  // The page carries its own translated strings: the search page's, else the header form's.
  const holder = document.getElementById('search-page') ?? document.querySelector('.search-form');
  return holder instanceof HTMLElement ? (holder.dataset[key] ?? '') : '';
}

/** @type {Promise<void> | undefined} */
let started;

/**
 * Wires the header search box as a combobox with live results, and the search page if this is it. Called
 * by the box's focus handler and, on the search page, as the page loads: only the first call does anything.
 * @param {HTMLInputElement} input
 */
export function start(input) {
  started ??= (async () => {
    attachDropdown(input);
    const page = document.getElementById('search-page');
    if (page) await mountSearchPage(page);
    else void loadPagefind();
  })();
  return started;
}

/** @param {HTMLInputElement} input */
function attachDropdown(input) {
  if (document.getElementById('search-page')) return; // the page itself shows the results
  const list = document.createElement('ul');
  list.id = 'site-search-results';
  list.className = 'search-dropdown';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.labels?.[0]?.textContent ?? 'Search results');
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-autocomplete', 'list');

  let active = -1;
  let generation = 0;
  // Each option is the link itself (role=option), so no control sits inside another (axe: nested-interactive).
  const options = () => /** @type {HTMLAnchorElement[]} */ ([...list.querySelectorAll('a[role="option"]')]);
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  /** @param {number} index */
  const highlight = (index) => {
    const items = options();
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    active = index;
    const current = items[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const update = async () => {
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) return close();
    const pagefind = await loadPagefind();
    const search = await pagefind.debouncedSearch(query, {}, 150);
    if (search === null || mine !== generation) return; // a newer keystroke took over
    const data = await Promise.all(search.results.slice(0, DROPDOWN_LIMIT).map((result) => result.data()));
    if (mine !== generation) return;
    list.replaceChildren(
      ...data.map((result, i) => {
        const item = document.createElement('li');
        item.setAttribute('role', 'presentation');
        const link = resultLink(result);
        link.id = `site-search-option-${i}`;
        link.setAttribute('role', 'option');
        link.setAttribute('aria-selected', 'false');
        // Focus stays in the search box (combobox pattern); arrows move the highlight, Tab leaves.
        link.tabIndex = -1;
        item.append(link);
        return item;
      }),
    );
    if (data.length === 0) {
      const empty = document.createElement('li');
      empty.setAttribute('role', 'presentation');
      empty.className = 'search-empty';
      empty.textContent = text('none').replace('{query}', query);
      list.append(empty);
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  input.addEventListener('input', () => void update());
  input.addEventListener('keydown', (event) => {
    const items = options();
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) void update().then(() => highlight(0));
      else if (items.length) highlight((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && !list.hidden && items.length) {
      event.preventDefault();
      highlight((active - 1 + items.length) % items.length);
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      const chosen = items[active];
      if (!chosen) return;
      event.preventDefault();
      location.href = chosen.href;
    } else if (event.key === 'Escape' && !list.hidden) {
      // Without this, Chromium's own Escape on a search field would also wipe the query.
      event.preventDefault();
      close();
    }
  });
  input.closest('form')?.addEventListener('focusout', (event) => {
    const next = /** @type {Node | null} */ (/** @type {FocusEvent} */ (event).relatedTarget);
    if (!next || !input.closest('form')?.contains(next)) close();
  });
  if (input.value.trim()) void update();
}

/**
 * A result as one link: title, category and an excerpt with the matched words marked.
 * @param {ResultData} result
 */
function resultLink(result) {
  const link = document.createElement('a');
  link.href = result.url;
  link.className = 'result-link';
  const title = document.createElement('span');
  title.className = 'result-title';
  title.textContent = result.meta.title ?? result.url;
  const category = document.createElement('span');
  category.className = 'result-category';
  category.textContent = result.meta.category ?? '';
  const excerpt = document.createElement('span');
  excerpt.className = 'result-excerpt';
  // Pagefind's excerpt is our own indexed text, escaped by Pagefind, with <mark> around the matched words.
  excerpt.innerHTML = result.excerpt;
  link.append(title, category, excerpt);
  return link;
}

/**
 * Links straight to the sections of a result that matched, so a long article's answer is one click away.
 * @param {ResultData} result
 */
function sectionLinks(result) {
  const sections = result.sub_results.filter((sub) => sub.url !== result.url && sub.url.includes('#')).slice(0, 3);
  const list = document.createElement('ul');
  list.className = 'result-sections';
  for (const sub of sections) {
    const item = document.createElement('li');
    const subLink = document.createElement('a');
    subLink.href = sub.url;
    subLink.textContent = sub.title;
    item.append(subLink);
    list.append(item);
  }
  return sections.length ? [list] : [];
}

/** @param {HTMLElement} page */
async function mountSearchPage(page) {
  const form = /** @type {HTMLFormElement} */ (page.querySelector('form'));
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[name="q"]'));
  const filter = /** @type {HTMLSelectElement} */ (form.querySelector('select[name="category"]'));
  const status = /** @type {HTMLElement} */ (page.querySelector('[role="status"]'));
  const results = /** @type {HTMLOListElement} */ (page.querySelector('ol'));
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const wanted = params.get('category') ?? '';
  form.hidden = false;
  page.querySelector('.noscript-note')?.remove();

  const pagefind = await loadPagefind();
  const categories = (await pagefind.filters()).category ?? {};
  for (const name of Object.keys(categories).sort((a, b) => a.localeCompare(b))) {
    const option = new Option(name, name, false, name === wanted);
    filter.append(option);
  }

  let generation = 0;
  const run = async () => {
    const query = input.value.trim();
    const mine = ++generation;
    const url = new URL(location.href);
    url.searchParams.set('q', query);
    if (filter.value) url.searchParams.set('category', filter.value);
    else url.searchParams.delete('category');
    history.replaceState(null, '', url);
    if (!query) {
      results.replaceChildren();
      status.textContent = text('prompt');
      return;
    }
    status.textContent = text('loading');
    const search = await pagefind.search(query, filter.value ? { filters: { category: filter.value } } : {});
    if (search === null || mine !== generation) return;
    const data = await Promise.all(search.results.slice(0, PAGE_LIMIT).map((result) => result.data()));
    if (mine !== generation) return;
    results.replaceChildren(
      ...data.map((result) => {
        const item = document.createElement('li');
        item.append(resultLink(result), ...sectionLinks(result));
        return item;
      }),
    );
    const count = search.results.length;
    const message = count === 0 ? text('none') : count === 1 ? text('one') : text('many');
    status.textContent = message.replace('{count}', String(count)).replace('{query}', query);
  };

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void run(), 150);
  });
  filter.addEventListener('change', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  await run();
}
