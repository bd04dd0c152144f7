import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { mailConfigFromEnv } from '../../api/mail/config';
import { createTicket } from '../../api/services/tickets';
import { migrateToLatest, openDatabase } from '../../db/connection';
import { startOwnServer } from '../support/own-server';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

// The process is killed (SIGKILL) while it works through a full outbox, then started again on the same database.
const EMAILS = 600;
let smtp: TestSmtpServer;
let dir: string;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  smtp = await startTestSmtpServer();
  dir = mkdtempSync(join(tmpdir(), 'docket-crash-'));
});
test.afterAll(async () => {
  await smtp?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('a server killed in the middle of sending loses no email; after a restart only the one in flight may come twice, with its Message-ID', async () => {
  const databaseUrl = join(dir, 'docket.db');
  const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Support <support@tallybook.test>', DATABASE_URL: databaseUrl };
  const mail = mailConfigFromEnv(env, 'http://help.tallybook.test')!;
  const seed = openDatabase(databaseUrl);
  await migrateToLatest(seed);
  for (let i = 0; i < EMAILS; i++) {
    const ticket = {
      name: `Customer ${i}`,
      email: `customer${i}@example.com`,
      subject: `Question ${i}`,
      message: 'Hello',
      category: null,
      locale: 'en',
      channel: 'web' as const,
    };
    await createTicket(seed, new Date(), ticket, mail);
  }
  await seed.destroy();

  const first = await startOwnServer(env);
  // Kill it once it is well into the outbox, but not through it.
  await expect.poll(() => smtp.count(), { timeout: 60_000, intervals: [10] }).toBeGreaterThanOrEqual(EMAILS / 10);
  await first.kill();
  const deliveredBeforeKill = smtp.count();
  expect(deliveredBeforeKill).toBeLessThan(EMAILS);

  const second = await startOwnServer(env);
  try {
    await expect.poll(() => smtp.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(EMAILS);
    // Time enough for a stray second copy to arrive, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  } finally {
    await second.stop();
  }

  const check = openDatabase(databaseUrl);
  const outbox = await check.selectFrom('outbox').select(['message_id', 'status']).execute();
  await check.destroy();
  expect(outbox).toHaveLength(EMAILS);
  expect(outbox.filter((row) => row.status !== 'sent')).toEqual([]);

  const delivered = (await smtp.messages()).map((message) => message.messageId);
  // Nothing lost: every email of the outbox arrived.
  expect(new Set(delivered)).toEqual(new Set(outbox.map((row) => row.message_id)));
  // The one email the SMTP server may have accepted in the instant before the kill, not yet marked sent, goes
  // again after the restart, with the same Message-ID (mail clients show it once). No other is sent twice.
  const copies = delivered.length - EMAILS;
  expect(copies).toBeLessThanOrEqual(1);
  console.log(`Killed after ${deliveredBeforeKill} of ${EMAILS} emails; ${copies} delivered twice (same Message-ID).`);
});
