// @ts-check
// Keyboard shortcuts for the agent workspace: j/k move through the queue, o or Enter open, a assigns to
// me, x selects, / searches; on a ticket r replies, n writes a note, e solves; ? lists them. Every action
// is also a link, button or form without this script.

/**
 * Whether a key press belongs to a text field or a browser shortcut rather than to us.
 * @param {KeyboardEvent} event
 */
function isTyping(event) {
  const target = /** @type {HTMLElement} */ (event.target);
  return (
    event.ctrlKey ||
    event.metaKey ||
    event.altKey ||
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
  );
}

/**
 * Says what a shortcut did, for screen readers and eyes alike.
 * @param {string} text
 */
function announce(text) {
  let region = document.getElementById('shortcut-status');
  if (!region) {
    region = document.createElement('p');
    region.id = 'shortcut-status';
    region.className = 'shortcut-status';
    region.setAttribute('role', 'status');
    document.querySelector('main')?.prepend(region);
  }
  region.textContent = text;
}

/**
 * Assigns a ticket to the signed-in agent through the API; resolves with whether it worked.
 * @param {string | undefined} number
 * @param {string | undefined} me
 */
async function assignToMe(number, me) {
  const response = await fetch(`/api/agent/tickets/${number}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ assignee_id: Number(me) }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    announce(body.message ?? `Ticket ${number} could not be assigned.`);
    return false;
  }
  return true;
}

/**
 * @param {HTMLElement} queue
 * @returns {Record<string, () => unknown>}
 */
function startQueue(queue) {
  const rows = /** @type {HTMLTableRowElement[]} */ ([...queue.querySelectorAll('.queue-row')]);
  let current = -1;
  /** @param {number} index */
  const select = (index) => {
    if (rows.length === 0) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle('is-current', i === current));
    rows[current]?.querySelector('a')?.focus();
  };
  const row = () => rows[current];
  return {
    j: () => select(current + 1),
    k: () => select(current - 1),
    o: () => row()?.querySelector('a')?.click(),
    Enter: () => row()?.querySelector('a')?.click(),
    x: () => {
      const box = row()?.querySelector('input[type=checkbox]');
      if (box instanceof HTMLInputElement) box.checked = !box.checked;
    },
    a: async () => {
      const target = row();
      if (!target) return;
      const number = target.dataset.number;
      if (await assignToMe(number, queue.dataset.me)) {
        const cell = target.cells[6];
        if (cell) cell.textContent = 'Me';
        announce(`Ticket ${number} is assigned to you.`);
      }
    },
    '/': () => /** @type {HTMLInputElement | null} */ (document.getElementById('queue-q'))?.focus(),
  };
}

/**
 * @param {HTMLElement} ticket
 * @returns {Record<string, () => unknown>}
 */
function startTicket(ticket) {
  const editor = /** @type {HTMLTextAreaElement | null} */ (ticket.querySelector('#editor-body'));
  /** @param {'reply' | 'note'} kind */
  const write = (kind) => {
    const radio = ticket.querySelector(`input[name=kind][value=${kind}]`);
    if (radio instanceof HTMLInputElement) radio.checked = true;
    editor?.focus();
  };
  /** @param {string} text */
  const insert = (text) => {
    if (!editor) return;
    const at = editor.selectionStart ?? editor.value.length;
    editor.value = `${editor.value.slice(0, at)}${text}${editor.value.slice(editor.selectionEnd ?? at)}`;
    editor.focus();
    editor.selectionStart = editor.selectionEnd = at + text.length;
  };
  // "Insert link" beside a suggested article puts its address where the cursor is.
  ticket.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('[data-insert]');
    if (!(button instanceof HTMLElement) || !editor) return;
    insert(button.dataset.insert ?? '');
  });
  // A canned reply goes into the editor where the cursor is, instead of reloading the page with it.
  ticket.querySelector('#canned-insert')?.addEventListener('click', (event) => {
    const select = /** @type {HTMLSelectElement | null} */ (ticket.querySelector('#canned-select'));
    const template = /** @type {HTMLTemplateElement | null} */ (ticket.querySelector('#canned-texts'));
    const text = template?.content.querySelector(`[data-canned="${select?.value}"]`)?.textContent;
    if (!editor || text == null) return;
    event.preventDefault();
    insert(text);
  });
  return {
    r: () => write('reply'),
    n: () => write('note'),
    e: () => /** @type {HTMLButtonElement | null} */ (ticket.querySelector('#solve-button'))?.click(),
    a: () => /** @type {HTMLButtonElement | null} */ (ticket.querySelector('#assign-me-button'))?.click(),
  };
}

const queue = /** @type {HTMLElement | null} */ (document.querySelector('.queue'));
const ticket = /** @type {HTMLElement | null} */ (document.querySelector('.agent-ticket'));
/** @type {Record<string, () => unknown>} */
const keys = queue ? startQueue(queue) : ticket ? startTicket(ticket) : {};
const help = /** @type {HTMLDialogElement | null} */ (document.getElementById('shortcuts'));

document.addEventListener('keydown', (event) => {
  if (isTyping(event)) return;
  if (event.key === '?') {
    event.preventDefault();
    help?.showModal();
    return;
  }
  // Enter on a focused link or button already does its job.
  if (event.key === 'Enter' && /** @type {HTMLElement} */ (event.target).closest('a, button')) return;
  const action = keys[event.key];
  if (!action) return;
  event.preventDefault();
  void action();
});
