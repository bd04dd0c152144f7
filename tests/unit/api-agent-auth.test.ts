import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { offerSetupToken } from '../../api/auth/setup';
import { createSuggestionIndex } from '../../api/deflection';
import { createAgent } from '../../api/services/agents';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

const HOST = 'docket.test';
const ORIGIN = `http://${HOST}`;
let db: Kysely<Database>;
let now: Date;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  app = createApp({ db, clock: () => now, trustProxy: true, suggestions: createSuggestionIndex([]) });
});
afterEach(async () => {
  await db.destroy();
});

interface Call {
  method?: string;
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
  url?: string;
}

/** A request as a browser on Docket's own pages sends it (same-origin), unless the test says otherwise. */
function call(path: string, options: Call = {}) {
  const headers: Record<string, string> = { Host: HOST, Origin: ORIGIN, 'X-Forwarded-For': '198.51.100.1', ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return app.request(options.url ?? `${ORIGIN}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

/** The `docket_session=…` pair a response set, ready to send back. */
function sessionCookie(response: Response): string {
  const header = response.headers.get('Set-Cookie') ?? '';
  const match = /docket_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${header}`);
  return `docket_session=${match[1]}`;
}

async function addAgent(email: string, role: 'agent' | 'admin' = 'agent', password = 'correct horse battery') {
  return createAgent(db, { name: email.split('@')[0] ?? email, email, role, password }, now.getTime());
}

async function signIn(email: string, password = 'correct horse battery', headers: Record<string, string> = {}) {
  return call('/api/agent/session', { method: 'POST', body: { email, password }, headers });
}

describe('first-run setup', () => {
  it('the printed token creates the first admin once, and signs them in', async () => {
    const token = await offerSetupToken(db, now.getTime());
    expect(token).toBeTruthy();
    const created = await call('/api/agent/setup', {
      method: 'POST',
      body: { token, name: 'Ada', email: 'Ada@Example.com', password: 'a long enough password' },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ agent: { email: 'ada@example.com', role: 'admin' } });
    const me = await call('/api/agent/me', { cookie: sessionCookie(created) });
    expect(me.status).toBe(200);

    const again = await call('/api/agent/setup', {
      method: 'POST',
      body: { token, name: 'Mallory', email: 'mallory@example.com', password: 'a long enough password' },
    });
    expect(again.status).toBe(410);
    expect(await offerSetupToken(db, now.getTime())).toBeUndefined();
  });

  it('a wrong or expired token creates nobody', async () => {
    const token = await offerSetupToken(db, now.getTime());
    const body = { name: 'Mallory', email: 'mallory@example.com', password: 'a long enough password' };
    expect((await call('/api/agent/setup', { method: 'POST', body: { ...body, token: 'guess' } })).status).toBe(410);
    now = new Date(now.getTime() + 25 * 60 * 60 * 1000);
    expect((await call('/api/agent/setup', { method: 'POST', body: { ...body, token } })).status).toBe(410);
    expect(await db.selectFrom('agents').selectAll().execute()).toHaveLength(0);
  });

  it('names a weak password', async () => {
    const token = await offerSetupToken(db, now.getTime());
    const response = await call('/api/agent/setup', {
      method: 'POST',
      body: { token, name: 'Ada', email: 'ada@example.com', password: 'short' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_input', issues: [{ path: 'password' }] });
  });
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site, Secure only over https', async () => {
    await addAgent('grace@example.com');
    const plain = await signIn('grace@example.com');
    expect(plain.status).toBe(200);
    const cookie = plain.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const behindTls = await signIn('grace@example.com', undefined, { 'X-Forwarded-Proto': 'https' });
    expect(behindTls.headers.get('Set-Cookie')).toMatch(/; Secure/);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await addAgent('grace@example.com');
    const wrongPassword = await signIn('grace@example.com', 'not the password');
    const unknown = await signIn('nobody@example.com', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await unknown.json());
  });

  it('stops a guessing run on one account, says so, and lets the agent in once the lock ends', async () => {
    await addAgent('grace@example.com');
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await signIn('grace@example.com', `guess ${attempt}`)).status).toBe(401);
    const locked = await signIn('grace@example.com');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await locked.json()) as { message: string }).message).toMatch(/Too many failed sign-ins for this account/);
    now = new Date(now.getTime() + 16 * 60 * 1000);
    expect((await signIn('grace@example.com')).status).toBe(200);
  });

  it('stops one address trying many accounts', async () => {
    await addAgent('grace@example.com');
    for (let attempt = 0; attempt < 20; attempt++) await signIn(`user${attempt}@example.com`, 'guess');
    const locked = await signIn('grace@example.com');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/from your network/);
    // Another address is not affected.
    expect((await signIn('grace@example.com', undefined, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
  });

  it('refuses a disabled agent', async () => {
    const agent = await addAgent('grace@example.com');
    await db.updateTable('agents').set({ disabled: 1 }).where('id', '=', agent.id).execute();
    expect((await signIn('grace@example.com')).status).toBe(401);
  });

  it('never keeps a session id from before sign-in (session fixation)', async () => {
    await addAgent('mallory@example.com');
    await addAgent('grace@example.com');
    const planted = sessionCookie(await signIn('mallory@example.com'));
    const victim = await call('/api/agent/session', {
      method: 'POST',
      body: { email: 'grace@example.com', password: 'correct horse battery' },
      cookie: planted,
    });
    const issued = sessionCookie(victim);
    expect(issued).not.toBe(planted);
    expect(await (await call('/api/agent/me', { cookie: planted })).json()).toMatchObject({
      agent: { email: 'mallory@example.com' },
    });
    expect(await (await call('/api/agent/me', { cookie: issued })).json()).toMatchObject({
      agent: { email: 'grace@example.com' },
    });
  });
});

describe('sessions', () => {
  it('need a cookie whose secret matches; a forged or altered token is refused', async () => {
    await addAgent('grace@example.com');
    const cookie = sessionCookie(await signIn('grace@example.com'));
    expect((await call('/api/agent/me')).status).toBe(401);
    const [id] = cookie.replace('docket_session=', '').split('.');
    expect((await call('/api/agent/me', { cookie: `docket_session=${id}.forged-secret` })).status).toBe(401);
    expect((await call('/api/agent/me', { cookie: 'docket_session=garbage' })).status).toBe(401);
    const stored = await db.selectFrom('agent_sessions').select('secret_hash').executeTakeFirstOrThrow();
    expect(cookie).not.toContain(stored.secret_hash);
  });

  it('slide forward with use (written at most hourly) and end after 30 days unused', async () => {
    await addAgent('grace@example.com');
    const cookie = sessionCookie(await signIn('grace@example.com'));
    now = new Date(now.getTime() + 10 * 60 * 1000);
    expect((await call('/api/agent/me', { cookie })).headers.get('Set-Cookie')).toBeNull();
    now = new Date(now.getTime() + 20 * 24 * 60 * 60 * 1000);
    const slid = await call('/api/agent/me', { cookie });
    expect(slid.status).toBe(200);
    expect(slid.headers.get('Set-Cookie')).toMatch(/docket_session=/);
    now = new Date(now.getTime() + 20 * 24 * 60 * 60 * 1000);
    expect((await call('/api/agent/me', { cookie })).status).toBe(200);
    now = new Date(now.getTime() + 31 * 24 * 60 * 60 * 1000);
    expect((await call('/api/agent/me', { cookie })).status).toBe(401);
  });

  it('sign out ends this session; sign out everywhere ends them all', async () => {
    await addAgent('grace@example.com');
    const laptop = sessionCookie(await signIn('grace@example.com'));
    const phone = sessionCookie(await signIn('grace@example.com'));
    const tablet = sessionCookie(await signIn('grace@example.com'));
    expect((await call('/api/agent/session', { method: 'DELETE', cookie: laptop })).status).toBe(204);
    expect((await call('/api/agent/me', { cookie: laptop })).status).toBe(401);
    expect((await call('/api/agent/me', { cookie: phone })).status).toBe(200);
    expect((await call('/api/agent/sign-out-everywhere', { method: 'POST', cookie: phone })).status).toBe(204);
    expect((await call('/api/agent/me', { cookie: phone })).status).toBe(401);
    expect((await call('/api/agent/me', { cookie: tablet })).status).toBe(401);
  });

  it('a password change needs the current password, and leaves only the new session signed in', async () => {
    await addAgent('grace@example.com');
    const cookie = sessionCookie(await signIn('grace@example.com'));
    const other = sessionCookie(await signIn('grace@example.com'));
    const wrong = await call('/api/agent/password', {
      method: 'POST',
      cookie,
      body: { current_password: 'nope', new_password: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ issues: [{ path: 'current_password' }] });
    const changed = await call('/api/agent/password', {
      method: 'POST',
      cookie,
      body: { current_password: 'correct horse battery', new_password: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    const renewed = sessionCookie(changed);
    expect((await call('/api/agent/me', { cookie })).status).toBe(401);
    expect((await call('/api/agent/me', { cookie: other })).status).toBe(401);
    expect((await call('/api/agent/me', { cookie: renewed })).status).toBe(200);
    expect((await signIn('grace@example.com')).status).toBe(401);
    expect((await signIn('grace@example.com', 'a brand new passphrase')).status).toBe(200);
  });
});

describe('cross-site requests (CSRF)', () => {
  it('are refused for every change, signed in or not, while reads pass', async () => {
    await addAgent('grace@example.com');
    const cookie = sessionCookie(await signIn('grace@example.com'));
    const evil = { Origin: 'https://evil.example' };
    expect((await signIn('grace@example.com', undefined, evil)).status).toBe(403);
    expect((await call('/api/agent/sign-out-everywhere', { method: 'POST', cookie, headers: evil })).status).toBe(403);
    expect(
      (await call('/api/agent/session', { method: 'DELETE', cookie, headers: { 'Sec-Fetch-Site': 'cross-site' } })).status,
    ).toBe(403);
    const noOrigin = await app.request(`${ORIGIN}/api/agent/sign-out-everywhere`, {
      method: 'POST',
      headers: { Host: HOST, Cookie: cookie },
    });
    expect(noOrigin.status).toBe(403);
    expect((await call('/api/agent/me', { cookie, headers: evil })).status).toBe(200);
    expect((await call('/api/agent/me', { cookie })).status).toBe(200);
  });
});

describe('managing agents', () => {
  it('only admins list, add and change agents; agents get 403', async () => {
    await addAgent('admin@example.com', 'admin');
    await addAgent('grace@example.com');
    const admin = sessionCookie(await signIn('admin@example.com'));
    const agent = sessionCookie(await signIn('grace@example.com'));
    const newAgent = { name: 'Linus', email: 'linus@example.com', role: 'agent', password: 'a long enough password' };
    expect((await call('/api/agent/agents', { cookie: agent })).status).toBe(403);
    expect((await call('/api/agent/agents', { method: 'POST', cookie: agent, body: newAgent })).status).toBe(403);
    expect((await call('/api/agent/agents/1', { method: 'PATCH', cookie: agent, body: { role: 'admin' } })).status).toBe(403);
    expect((await call('/api/agent/agents', { method: 'POST', cookie: admin, body: newAgent })).status).toBe(201);
    const duplicate = await call('/api/agent/agents', {
      method: 'POST',
      cookie: admin,
      body: { ...newAgent, email: 'LINUS@example.com' },
    });
    expect(duplicate.status).toBe(409);
    const list = (await (await call('/api/agent/agents', { cookie: admin })).json()) as {
      agents: Array<Record<string, unknown>>;
    };
    expect(list.agents.map((a) => a.email)).toEqual(['admin@example.com', 'grace@example.com', 'linus@example.com']);
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/);
  });

  it('disabling an agent ends their sessions at once', async () => {
    await addAgent('admin@example.com', 'admin');
    const grace = await addAgent('grace@example.com');
    const admin = sessionCookie(await signIn('admin@example.com'));
    const agent = sessionCookie(await signIn('grace@example.com'));
    expect((await call('/api/agent/me', { cookie: agent })).status).toBe(200);
    const disabled = await call(`/api/agent/agents/${grace.id}`, { method: 'PATCH', cookie: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((await call('/api/agent/me', { cookie: agent })).status).toBe(401);
  });

  it('a session stops working the moment its agent is disabled, whoever disabled them', async () => {
    const grace = await addAgent('grace@example.com');
    const agent = sessionCookie(await signIn('grace@example.com'));
    await db.updateTable('agents').set({ disabled: 1 }).where('id', '=', grace.id).execute();
    expect((await call('/api/agent/me', { cookie: agent })).status).toBe(401);
  });

  it('keeps at least one active admin', async () => {
    const only = await addAgent('admin@example.com', 'admin');
    const admin = sessionCookie(await signIn('admin@example.com'));
    const demote = await call(`/api/agent/agents/${only.id}`, { method: 'PATCH', cookie: admin, body: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect(
      (await call(`/api/agent/agents/${only.id}`, { method: 'PATCH', cookie: admin, body: { disabled: true } })).status,
    ).toBe(409);
    expect((await call('/api/agent/agents/999', { method: 'PATCH', cookie: admin, body: { name: 'X' } })).status).toBe(404);
  });
});

describe('the agent API in the OpenAPI document', () => {
  it('lists sign-in and account routes with the session cookie scheme', async () => {
    const doc = (await (await call('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, { in: string; name: string }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/agent/session', '/api/agent/setup', '/api/agent/me', '/api/agent/agents/{id}']),
    );
    expect(doc.components.securitySchemes.agentSession).toMatchObject({ in: 'cookie', name: 'docket_session' });
    expect(doc.paths['/api/agent/me']?.get?.security).toEqual([{ agentSession: [] }]);
  });
});

describe('housekeeping at start', () => {
  it('removes sessions past their expiry and sign-in counters whose window and lock are over', async () => {
    const { deleteExpiredSessions } = await import('../../db/repositories/sessions');
    const { pruneFailedSignIns } = await import('../../api/auth/throttle');
    await addAgent('grace@example.com');
    await signIn('grace@example.com');
    await signIn('grace@example.com', 'wrong');
    const later = now.getTime() + 31 * 24 * 60 * 60 * 1000;
    await signIn('grace@example.com');
    expect(await db.selectFrom('agent_sessions').selectAll().execute()).toHaveLength(2);
    await deleteExpiredSessions(db, now.getTime());
    await pruneFailedSignIns(db, now.getTime());
    expect(await db.selectFrom('agent_sessions').selectAll().execute()).toHaveLength(2);
    expect((await db.selectFrom('login_failures').select('key').execute()).map((row) => row.key)).toEqual(['ip:198.51.100.1']);
    await deleteExpiredSessions(db, later);
    await pruneFailedSignIns(db, later);
    expect(await db.selectFrom('agent_sessions').selectAll().execute()).toHaveLength(0);
    expect(await db.selectFrom('login_failures').selectAll().execute()).toHaveLength(0);
  });
});
