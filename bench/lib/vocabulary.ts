/**
 * Word lists for the synthetic help center, in rough order of frequency (rank 1 first). The generator draws
 * from them with a Zipf-like distribution, so a few words are everywhere and most are rare, as in real text.
 */

/** What the generator needs to write one language. */
export interface Language {
  /** Words in frequency order: function words first, then the help center's own words. */
  core: readonly string[];
  /** Index in `core` of the first content word (the words a heading, title or keyword is made of). */
  contentStart: number;
  /** Syllables the long tail of rare words (product names, feature names, jargon) is built from. */
  tailSyllables: readonly string[];
  /** How titles start: "Set up", "Change"... */
  titleVerbs: readonly string[];
  /** The word that joins two parts of a menu path in bold UI labels. */
  menuArrow: string;
}

const words = (text: string) => text.trim().split(/\s+/);

const EN_FUNCTION = words(`
  the to you and a your of in is for it on can or that with be this if are from as not by an at we will when have do
  any more one all then each only also after has so but before which how what there them up out other can't don't
  it's you're they their our us into no same than once own first still just
`);

const EN_CONTENT = words(`
  invoice select account payment settings client page email plan invoices card bank payments clients team data tax
  new report sign app number date amount currency business profile open send save change add create edit delete
  turn use update view check link list menu option field name address code status due paid reminder receipt expense
  estimate subscription billing price customer member role permission user browser device notification sync feed
  password connection integration transfer refund charge fee discount total line item product service template logo
  reset language country time month year week days hours support help request error message problem security
  authentication backup history record note document pdf csv spreadsheet column row filter search results summary
  dashboard screen tab button section admin owner workspace company contact schedule recurring automatic manual
  default custom available required optional free trial annual monthly choose enter go find make get see need want
  keep show remove allow stop start move copy share download upload print review confirm cancel connect disconnect
  verify approve apply match sort group track scan mark current next previous last existing recent different correct
  wrong full partial secure private active pending failed successful usually automatically manually already again
  instead easily quickly reports expenses receipts estimates members roles users devices notifications integrations
  refunds charges fees items products services templates languages countries hours minutes errors messages problems
  records notes documents columns rows filters options fields links codes amounts dates numbers balance credit debit
  deposit payout statement period quarter fiscal vat rate rates exchange conversion gateway stripe paypal zapier
  google drive mobile android iphone tablet desktop web login logout session token key secret webhook endpoint
  limit limits storage attachment attachments photo image preview draft sent viewed overdue partially unpaid
  archived deleted restored duplicate import export bulk batch queue history audit log activity invite invitation
  access owner's accountant bookkeeper mileage trip vehicle distance category categories tag tags label labels
  memo reference terms conditions footer header signature branding color font layout format prefix sequence
  counter reminders schedule follow reply inbox spam junk folder domain sender address verification phone sms
  authenticator recovery backup trusted location timezone locale region unit quantity hourly project projects
  task tasks timer timesheet billable approve approval workflow rule rules trigger action condition value
  setting feature features upgrade downgrade proration renewal cancellation invoice's client's customers
  merchant payer payee method methods routing iban swift sort-code wire ach sepa instant pending settlement
`);

const EN_TAIL = words(`
  ka lo mi ra ten vor sil ba der fin gra hol jun ket lum nor pel qua ris sto tal vel wen yar zo cor dan el fen tri
`);

/** English: ~480 words (function words first), a syllable tail for rare words. */
export const ENGLISH: Language = {
  core: [...EN_FUNCTION, ...EN_CONTENT],
  contentStart: EN_FUNCTION.length,
  tailSyllables: EN_TAIL,
  titleVerbs: [
    'Set up',
    'Change',
    'Connect',
    'Export',
    'Fix',
    'Manage',
    'Understand',
    'Create',
    'Delete',
    'Send',
    'Import',
    'Turn on',
    'Troubleshoot',
    'Customize',
    'Review',
    'Track',
  ],
  menuArrow: '→',
};

const RU_FUNCTION = words(`
  и в не на что с вы по для если это как или к из ваш у о от а все только вам после можно нужно при будет так есть
  его их мы он она они то же ещё уже когда чтобы где до без через над под между также этого этой этом ваши вашего
  вашей свой свои один одна новый
`);

const RU_CONTENT = words(`
  счёт счета счёта счетов аккаунт аккаунта аккаунте платёж платежа платежи платежей клиент клиента клиентов клиенты
  настройки настроек настройках выберите нажмите введите откройте страница страницы странице тариф тарифа тарифе
  карта карты картой банк банка банковский команда команды данные данных налог налога отчёт отчёты отчётов пароль
  пароля сброс сбросить вход входа приложение приложения мобильном номер номера дата даты сумма суммы сумму валюта
  валюты компания компании профиль профиля экспорт импорт файл файла файлы ключ доступ доступа добавить изменить
  создать удалить отправить сохранить открыть обновить проверить ссылка ссылку ссылки список меню поле поля имя
  адрес телефон код статус оплачен оплата оплаты просроченный напоминание напоминания квитанция квитанции расходы
  расходов смета сметы подписка подписки цена цены покупатель сотрудник сотрудники роль роли права пользователь
  пользователя браузер устройство устройства уведомление уведомления синхронизация интеграция интеграции перевод
  возврат комиссия скидка итого позиция товар услуга услуги шаблон шаблона логотип язык страна регион время месяц
  год неделя день дней часов минут поддержка помощь запрос ошибка сообщение проблема безопасность резервная копия
  история запись заметка документ документы таблица столбец строка фильтр поиск результаты сводка панель экран
  вкладка кнопка раздел администратор владелец организация контакт расписание повторяющийся автоматически вручную
  умолчанию обязательно бесплатный пробный ежемесячно ежегодно период квартал баланс выписка остаток перевода
  курс курса обмен шлюз почта почты письмо письма папка спам домен отправитель подтверждение подтвердить
  приложении вкладке разделе поле счёте счетах клиенту клиентом платежом оплатить оплатил получить получите
  укажите выполните включите отключите подключите отмените загрузите скачайте распечатайте проверьте выставить
  выставленный черновик отправленный просмотренный частично неоплаченный архив архивный удалённый восстановить
  дубликат массовый очередь журнал действия приглашение приглашения бухгалтер категория категории метка метки
  примечание условия подпись цвет шрифт формат префикс нумерация счётчик ответ входящие проект проекты задача
  задачи таймер правило правила условие значение функция функции тарифный продление отмена способ способы
`);

const RU_TAIL = words(`
  ка ло ми ра тен вор сил ба дер фин гра хол юн кет лум нор пел рис сто тал вел зо кор дан ель фен жа ши чу тро
`);

/** Russian: ~420 words, several case forms of the common nouns (so stemming has work to do), a Cyrillic tail. */
export const RUSSIAN: Language = {
  core: [...RU_FUNCTION, ...RU_CONTENT],
  contentStart: RU_FUNCTION.length,
  tailSyllables: RU_TAIL,
  titleVerbs: [
    'Как настроить',
    'Как изменить',
    'Как подключить',
    'Экспорт:',
    'Как исправить',
    'Управление:',
    'Что такое',
    'Как создать',
    'Как удалить',
    'Как отправить',
    'Импорт:',
    'Как включить',
  ],
  menuArrow: '→',
};

/** A help center's categories, with their titles in both languages. */
export const CATEGORIES: ReadonlyArray<{
  slug: string;
  en: { title: string; description: string };
  ru: { title: string; description: string };
  tags: readonly string[];
}> = [
  {
    slug: 'getting-started',
    en: { title: 'Getting started', description: 'Set up your account, add your clients and send your first invoice.' },
    ru: { title: 'Начало работы', description: 'Создайте аккаунт, добавьте клиентов и отправьте первый счёт.' },
    tags: ['account', 'clients', 'invoices'],
  },
  {
    slug: 'account-and-security',
    en: { title: 'Account and security', description: 'Sign in, protect your account and manage your team.' },
    ru: { title: 'Аккаунт и безопасность', description: 'Вход, защита аккаунта и управление командой.' },
    tags: ['account', 'login', 'security', 'team', 'roles'],
  },
  {
    slug: 'invoices',
    en: { title: 'Invoices and estimates', description: 'Create, number, tax and repeat invoices.' },
    ru: { title: 'Счета и сметы', description: 'Создание, нумерация и повторяющиеся счета.' },
    tags: ['invoices', 'estimates', 'taxes', 'templates', 'currency'],
  },
  {
    slug: 'payments',
    en: { title: 'Payments', description: 'Get paid by card or bank transfer and chase overdue invoices.' },
    ru: { title: 'Платежи', description: 'Оплата картой и переводом, напоминания о просроченных счетах.' },
    tags: ['payments', 'cards', 'bank', 'reminders', 'refunds'],
  },
  {
    slug: 'expenses-and-reports',
    en: { title: 'Expenses and reports', description: 'Track spending, scan receipts and see how your business is doing.' },
    ru: { title: 'Расходы и отчёты', description: 'Учёт расходов, квитанции и отчёты о бизнесе.' },
    tags: ['expenses', 'receipts', 'reports', 'mileage'],
  },
  {
    slug: 'billing-and-plans',
    en: { title: 'Billing and plans', description: 'Compare plans, change your plan and manage your subscription.' },
    ru: { title: 'Оплата и тарифы', description: 'Сравнение тарифов, смена тарифа и подписка.' },
    tags: ['billing', 'plans', 'subscription', 'refunds'],
  },
  {
    slug: 'integrations',
    en: { title: 'Integrations', description: 'Connect Stripe, PayPal, your bank, Zapier and Google Drive.' },
    ru: { title: 'Интеграции', description: 'Подключение Stripe, PayPal, банка и Zapier.' },
    tags: ['integrations', 'stripe', 'paypal', 'zapier', 'sync'],
  },
  {
    slug: 'data-and-api',
    en: { title: 'Data, import and API', description: 'Move data in and out with CSV files, exports and the REST API.' },
    ru: { title: 'Данные, импорт и API', description: 'Импорт и экспорт данных, CSV и REST API.' },
    tags: ['api', 'csv', 'export', 'import', 'data'],
  },
  {
    slug: 'mobile-apps',
    en: { title: 'Mobile apps', description: 'Use the iPhone and Android apps to invoice and scan receipts on the go.' },
    ru: { title: 'Мобильные приложения', description: 'Приложения для iPhone и Android.' },
    tags: ['mobile', 'sync', 'notifications'],
  },
  {
    slug: 'troubleshooting',
    en: { title: 'Troubleshooting', description: 'Fix common problems with emails, bank feeds and syncing.' },
    ru: { title: 'Решение проблем', description: 'Проблемы с письмами, банковскими выписками и синхронизацией.' },
    tags: ['troubleshooting', 'email', 'sync', 'notifications'],
  },
];

/** The tag vocabulary (40 tags); `faq` is handed out separately and sparingly. */
export const TAGS: readonly string[] = words(`
  invoices payments account login security clients team roles estimates taxes templates currency cards bank
  reminders refunds expenses receipts reports mileage billing plans subscription integrations stripe paypal zapier
  sync api csv export import data mobile notifications email troubleshooting privacy branding
`);
export const FAQ_TAG = 'faq';
