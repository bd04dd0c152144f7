// @ts-check
// The contact form, enhanced: articles suggested while the customer types, a draft that survives leaving
// the page, and checks before sending. Without this script the form still works as a plain HTML form.

const DEBOUNCE_MS = 300;
const MIN_QUERY = 8;
const DRAFT_FIELDS = ['name', 'email', 'category', 'subject', 'message'];

/** A random id this browser keeps for its visits to the form: funnels are counted without knowing who. */
function visitId() {
  const key = 'docket:visit';
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(key, id);
  }
  return id;
}

/**
 * @param {HTMLFormElement} form
 */
export function start(form) {
  const locale = form.dataset.locale ?? 'en';
  const draftKey = `docket:contact-draft:${locale}`;
  const panel = /** @type {HTMLElement} */ (document.getElementById('suggestions'));
  const list = /** @type {HTMLOListElement} */ (panel.querySelector('ol'));
  const thanks = /** @type {HTMLElement} */ (document.getElementById('deflected'));
  const field = (/** @type {string} */ name) =>
    /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */ (form.elements.namedItem(name));

  // The draft: restored on arrival, saved on every keystroke, cleared once the ticket is sent.
  try {
    const saved = JSON.parse(localStorage.getItem(draftKey) ?? '{}');
    for (const name of DRAFT_FIELDS) if (saved[name] && !field(name).value) field(name).value = saved[name];
  } catch {
    localStorage.removeItem(draftKey);
  }
  const saveDraft = () => {
    /** @type {Record<string, string>} */
    const draft = {};
    for (const name of DRAFT_FIELDS) draft[name] = field(name).value;
    localStorage.setItem(draftKey, JSON.stringify(draft));
  };
  form.addEventListener('input', saveDraft);

  // Inline validation: the message sits beside the field, as the server would put it, before anything is sent.
  /** @param {HTMLInputElement | HTMLTextAreaElement} element */
  const check = (element) => {
    const id = `${element.id}-error`;
    let message = document.getElementById(id);
    if (element.validity.valid) {
      element.removeAttribute('aria-invalid');
      message?.remove();
      return true;
    }
    if (!message) {
      message = document.createElement('span');
      message.className = 'field-error';
      message.id = id;
      element.after(message);
    }
    message.textContent = element.validationMessage;
    element.setAttribute('aria-invalid', 'true');
    element.setAttribute('aria-describedby', id);
    return false;
  };
  const required = /** @type {Array<HTMLInputElement | HTMLTextAreaElement>} */ ([...form.querySelectorAll('[required]')]);
  for (const element of required) {
    element.addEventListener('blur', () => element.value && check(element));
    element.addEventListener('input', () => element.getAttribute('aria-invalid') && check(element));
  }
  form.addEventListener('submit', (event) => {
    const invalid = required.filter((element) => !check(element));
    if (invalid.length > 0) {
      event.preventDefault();
      invalid[0]?.focus();
      return;
    }
    localStorage.removeItem(draftKey);
  });

  /** @param {Array<Record<string, unknown>>} events */
  const record = (events) => {
    const body = JSON.stringify({ visit: visitId(), locale, events });
    navigator.sendBeacon?.('/api/deflection-events', new Blob([body], { type: 'application/json' }));
  };

  let timer = 0;
  let generation = 0;
  let lastQuery = '';
  const suggest = async () => {
    const query = `${field('subject').value.trim()}\n${field('message').value.trim()}`.trim();
    if (query.length < MIN_QUERY || query === lastQuery) return;
    lastQuery = query;
    const mine = ++generation;
    const params = new URLSearchParams({ q: query.slice(0, 4000), locale, limit: '5' });
    let suggestions;
    try {
      const response = await fetch(`/api/suggest?${params}`);
      if (!response.ok) return;
      suggestions = (await response.json()).suggestions;
    } catch {
      return; // suggestions are a help, never a requirement
    }
    if (mine !== generation) return;
    list.replaceChildren(
      ...suggestions.map((/** @type {any} */ suggestion, /** @type {number} */ index) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = suggestion.url;
        link.className = 'suggestion-title';
        link.textContent = suggestion.section_title ? `${suggestion.title} › ${suggestion.section_title}` : suggestion.title;
        link.addEventListener('click', () =>
          record([{ kind: 'clicked', query, article_id: suggestion.id, url: suggestion.url, position: index + 1 }]),
        );
        const snippet = document.createElement('p');
        for (const piece of suggestion.snippet) {
          // Pieces are plain text: text nodes and <mark> elements, never HTML.
          if (piece.match) {
            const mark = document.createElement('mark');
            mark.textContent = piece.text;
            snippet.append(mark);
          } else snippet.append(piece.text);
        }
        const answered = document.createElement('button');
        answered.type = 'button';
        answered.className = 'secondary';
        answered.textContent = panel.dataset.answered ?? 'This answered my question';
        answered.addEventListener('click', () => {
          record([{ kind: 'resolved', query, article_id: suggestion.id, url: suggestion.url, position: index + 1 }]);
          localStorage.removeItem(draftKey);
          form.hidden = true;
          panel.hidden = true;
          thanks.hidden = false;
          thanks.focus();
        });
        item.append(link, snippet, answered);
        return item;
      }),
    );
    panel.hidden = suggestions.length === 0;
    if (suggestions.length > 0) {
      record(
        suggestions.map((/** @type {any} */ suggestion, /** @type {number} */ index) => ({
          kind: 'shown',
          query,
          article_id: suggestion.id,
          url: suggestion.url,
          position: index + 1,
        })),
      );
    }
  };
  for (const name of ['subject', 'message']) {
    field(name).addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => void suggest(), DEBOUNCE_MS);
    });
  }
  void suggest();
  // Until now a click on "Send" posted the plain form (checked by the server instead): say the page has caught up.
  form.dataset.enhanced = 'true';
}
