// @ts-check
// "Was this article helpful?": loaded by the form's own event-handler attributes (ArticleFeedback.astro)
// the first time the reader clicks in it or sends it, so an article runs no script until then.

/** @type {boolean | undefined} */
let helpful;

/** One id per browser, so a second vote replaces the first; made when the reader first votes. */
function voter() {
  const id = localStorage.getItem('docket:voter') || crypto.randomUUID();
  localStorage.setItem('docket:voter', id);
  return id;
}

/**
 * @param {HTMLFormElement} form
 * @param {string} [comment]
 */
function send(form, comment) {
  const { article, locale } = form.dataset;
  void fetch('/api/feedback', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ article_id: article, locale, helpful, comment, voter: voter() }),
  });
}

/** @param {HTMLFormElement} form */
function thank(form) {
  for (const part of form.querySelectorAll('.feedback-question, .feedback-comment')) {
    if (part instanceof HTMLElement) part.hidden = true;
  }
  const thanks = form.querySelector('.feedback-thanks');
  if (thanks instanceof HTMLElement) thanks.hidden = false;
}

/**
 * A click anywhere in the form (the event has been dispatched by now, so the form comes separately): only
 * the Yes and No buttons carry a value.
 * @param {MouseEvent} event
 * @param {HTMLFormElement} form
 */
export function click(event, form) {
  const button = event.target;
  if (!(button instanceof HTMLButtonElement) || !button.value) return;
  helpful = button.value === 'yes';
  send(form);
  if (helpful) return thank(form);
  const question = form.querySelector('.feedback-question');
  const more = form.querySelector('.feedback-comment');
  if (question instanceof HTMLElement) question.hidden = true;
  if (more instanceof HTMLElement) more.hidden = false;
  form.querySelector('textarea')?.focus();
}

/**
 * The comment, sent after a No.
 * @param {HTMLFormElement} form
 */
export function submit(form) {
  send(form, form.querySelector('textarea')?.value);
  thank(form);
}
