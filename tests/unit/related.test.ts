import { describe, expect, it } from 'vitest';
import { computeRelated, type RelatedInput } from '../../src/utils/related';

const article = (id: string, overrides: Partial<RelatedInput> = {}): RelatedInput => ({
  id,
  locale: 'en',
  category: 'general',
  tags: [],
  related: [],
  text: '',
  ...overrides,
});

const corpus: RelatedInput[] = [
  article('reset-password', {
    category: 'account',
    tags: ['login', 'password'],
    text: 'Reset your password. Forgot your password? Request a password reset link by email and choose a new password.',
  }),
  article('two-factor-authentication', {
    category: 'account',
    tags: ['login', 'security'],
    text: 'Turn on two-factor authentication to protect your login with a code from an authenticator app.',
  }),
  article('change-password', {
    category: 'account',
    tags: ['password'],
    text: 'Change your password from the security settings. Choose a strong password you do not use elsewhere.',
  }),
  article('recurring-invoices', {
    category: 'invoices',
    tags: ['invoices'],
    text: 'Recurring invoices are sent automatically every month. Set the schedule, the client and the invoice template.',
  }),
  article('invoice-templates', {
    category: 'invoices',
    tags: ['invoices'],
    text: 'Invoice templates control the layout of every invoice: logo, colours and the footer sent to the client.',
  }),
  article('refunds', {
    category: 'billing',
    tags: ['billing'],
    related: ['recurring-invoices'],
    text: 'Refunds for your subscription are issued to the original card within ten days.',
  }),
];

describe('related articles', () => {
  it('puts the articles the writer listed first, in their order', () => {
    const related = computeRelated(corpus).get('refunds');
    expect(related?.[0]).toBe('recurring-invoices');
  });

  it('finds articles on the same topic through shared tags and words', () => {
    const related = computeRelated(corpus).get('reset-password') ?? [];
    expect(related[0]).toBe('change-password');
    expect(related.slice(0, 2)).toContain('two-factor-authentication');
  });

  it('relates invoice articles to each other rather than to account articles', () => {
    const related = computeRelated(corpus).get('recurring-invoices') ?? [];
    expect(related[0]).toBe('invoice-templates');
  });

  it('never lists an article as related to itself, nor an id that does not exist', () => {
    const withMistakes = [...corpus, article('orphan', { related: ['orphan', 'no-such-article', 'refunds'] })];
    const related = computeRelated(withMistakes).get('orphan') ?? [];
    expect(related).not.toContain('orphan');
    expect(related).not.toContain('no-such-article');
    expect(related[0]).toBe('refunds');
  });

  it('lists each related article once and at most the limit', () => {
    const related = computeRelated(corpus, 2);
    for (const [id, ids] of related) {
      expect(ids.length, id).toBeLessThanOrEqual(2);
      expect(new Set(ids).size, id).toBe(ids.length);
    }
  });

  it('relates Russian articles through stemmed words ("пароль", "пароля")', () => {
    const russian = [
      article('reset-password', {
        locale: 'ru',
        text: 'Как сбросить пароль. Забыли пароль? Ссылка для сброса пароля придёт на почту.',
      }),
      article('change-password', { locale: 'ru', text: 'Смена пароля в настройках безопасности. Выберите надёжный пароль.' }),
      article('recurring-invoices', { locale: 'ru', text: 'Регулярные счета отправляются клиенту автоматически каждый месяц.' }),
      article('invoice-templates', { locale: 'ru', text: 'Шаблоны счетов: логотип, цвета и подвал каждого счета для клиента.' }),
    ];
    expect(computeRelated(russian).get('reset-password')?.[0]).toBe('change-password');
    expect(computeRelated(russian).get('recurring-invoices')?.[0]).toBe('invoice-templates');
  });
});
