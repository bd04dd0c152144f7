import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuggestionIndex } from '../../api/deflection';
import { createServer } from '../../api/server';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

// The API as a customer's browser reaches it: over a real socket, where bodies are read from the
// Node request rather than from a web Request (app.request() takes the other path).
let db: Kysely<Database>;
let server: ServerType;
let base: string;
let root: string;

const ticket = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  subject: 'Invoice PDF is blank',
  message: 'When I download invoice #42 the PDF has no pages.',
  locale: 'en',
};

beforeAll(async () => {
  db = await createTestDatabase();
  root = mkdtempSync(join(tmpdir(), 'docket-http-'));
  const app = createServer({ clientDir: root, db, suggestions: createSuggestionIndex([]) });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.destroy();
  rmSync(root, { recursive: true, force: true });
});

/** Sends a body in chunks without a Content-Length, as a streaming client does. */
function postChunked(path: string, contentType: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': contentType } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe('the API over HTTP', () => {
  it('opens a ticket from JSON, the Russian text intact', async () => {
    const response = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...ticket, subject: 'Счёт пришёл пустым' }),
    });
    expect(response.status).toBe(201);
    const { number } = (await response.json()) as { number: number };
    const stored = await db.selectFrom('tickets').select('subject').where('id', '=', number).executeTakeFirstOrThrow();
    expect(stored.subject).toBe('Счёт пришёл пустым');
  });

  it('opens a ticket from a form post', async () => {
    const response = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(ticket).toString(),
    });
    expect(response.status).toBe(201);
  });

  it('reads a body sent in many chunks', async () => {
    const json = JSON.stringify({ ...ticket, message: 'Long. '.repeat(500) });
    const chunks = json.match(/[\s\S]{1,700}/g) ?? [];
    const response = await postChunked('/api/tickets', 'application/json', chunks);
    expect(response.status).toBe(201);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "Ada",',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
  });

  it('refuses a body over 64 KB, declared or streamed, and stores nothing', async () => {
    const before = await db.selectFrom('tickets').select('id').execute();
    const huge = JSON.stringify({ ...ticket, message: 'x'.repeat(70 * 1024) });
    const declared = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: huge,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'payload_too_large' });
    const streamed = await postChunked('/api/tickets', 'application/json', huge.match(/[\s\S]{1,8192}/g) ?? []);
    expect(streamed.status).toBe(413);
    expect(await db.selectFrom('tickets').select('id').execute()).toHaveLength(before.length);
  });
});
