// Inlined into article pages, minified (about 800 bytes): it talks to the API only once the reader votes.
(() => {
  const form = document.querySelector('.feedback');
  const question = form.querySelector('.feedback-question');
  const more = form.querySelector('.feedback-comment');
  const voter = localStorage.getItem('docket:voter') || crypto.randomUUID();
  localStorage.setItem('docket:voter', voter);
  let helpful;
  const send = (comment) =>
    fetch('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ article_id: form.dataset.article, locale: form.dataset.locale, helpful, comment, voter }),
    });
  const done = () => {
    question.hidden = more.hidden = true;
    form.querySelector('.feedback-thanks').hidden = false;
  };
  question.addEventListener('click', (event) => {
    if (!event.target.value) return;
    helpful = event.target.value === 'yes';
    send();
    if (helpful) return done();
    question.hidden = true;
    more.hidden = false;
    more.querySelector('textarea').focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(more.querySelector('textarea').value);
    done();
  });
  form.hidden = false;
})();
