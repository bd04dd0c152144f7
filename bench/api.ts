/**
 * `npm run bench:api`: the real Docket server, loaded over HTTP from this (second) process with autocannon.
 * Prints requests/s, p50 and p99 for opening a ticket and for /api/suggest next to a bare Hono route on the
 * same server in the same run, with the ratios; then the in-process suggestion timings (bench/suggest.ts).
 * Last, a floor for ticket creation: Docket's statements and durability behind a bare node:http server
 * (bench/lib/ticket-floor-server.ts), loaded the same way, so the ratio shows how much of the cost is Docket's.
 *
 * Options: --seconds N (per route, default 10), --connections N (default 10), --skip-suggest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(args[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const SECONDS = option('seconds', 10);
const CONNECTIONS = option('connections', 10);
const TARGET_TICKET_SHARE = 0.3;

const QUESTIONS = [
  'I forgot my password and the reset email never came',
  'How do I get a refund for my subscription?',
  'My client did not receive the invoice I sent yesterday',
  'Can I change the invoice number format to include the year?',
  'The bank feed stopped syncing after I changed my password at the bank',
  'How do I export all my data as CSV before I cancel?',
  'Как сбросить пароль',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs / 1000} s.`);
}

interface Load {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Autocannon options that open one ticket per request, each from one of 5,000 returning customers. */
function ticketLoad(base: string): autocannon.Options {
  let ticket = 0;
  return {
    url: `${base}/api/tickets`,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          ticket += 1;
          return {
            ...request,
            body: JSON.stringify({
              name: `Customer ${ticket}`,
              email: `customer${ticket % 5000}@example.com`,
              subject: `Question number ${ticket}`,
              message: 'When I download my invoice the PDF has no pages at all. It worked last week.',
              locale: 'en',
            }),
          };
        },
      },
    ],
  };
}

/** Starts `script` under tsx on a free port; resolves once `readyPath` answers. */
async function startServer(script: string, env: Record<string, string>, readyPath: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}${readyPath}`, 60_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { child, base };
}

if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
  console.error('bench:api needs the built help center: run `npm run build` first.');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'docket-bench-api-'));
const results: Load[] = [];
try {
  const docket = await startServer(
    'api/server.ts',
    {
      DATABASE_URL: join(work, 'bench.db'),
      DOCKET_BENCH_HELLO: '1',
      // The limits protect a public server from one address; here one address is the whole load.
      RATE_LIMIT_TICKETS: '1000000000/s',
      RATE_LIMIT_SUGGEST: '1000000000/s',
    },
    '/api/health',
  );
  try {
    console.log(
      `Docket server on ${docket.base} (pid ${docket.child.pid}), loaded from this process: ${CONNECTIONS} connections, ${SECONDS} s per route.`,
    );
    const base = docket.base;
    results.push(await load('bare Hono route (GET /__bench/hello)', { url: `${base}/__bench/hello` }));
    results.push(await load('open a ticket (POST /api/tickets)', ticketLoad(base)));
    let question = 0;
    results.push(
      await load('suggest articles (GET /api/suggest)', {
        url: `${base}/api/suggest`,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              const q = QUESTIONS[question++ % QUESTIONS.length] ?? '';
              const locale = /[а-я]/i.test(q) ? 'ru' : 'en';
              return { ...request, path: `/api/suggest?${new URLSearchParams({ q, locale })}` };
            },
          },
        ],
      }),
    );
  } finally {
    docket.child.kill('SIGTERM');
  }

  // The same writes with nothing of Docket's around them: how far below the target the disk and schema alone are.
  const floor = await startServer('bench/lib/ticket-floor-server.ts', { DATABASE_URL: join(work, 'floor.db') }, '/__bench/hello');
  try {
    results.push(await load('floor: same writes, bare node:http + SQL', ticketLoad(floor.base)));
  } finally {
    floor.child.kill('SIGTERM');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const [bare, tickets, , floor] = results;
console.log('\nroute                                      req/s      p50      p99   requests  errors  non-2xx  vs bare');
for (const result of results) {
  const ratio = bare && bare.rps > 0 ? `${((result.rps / bare.rps) * 100).toFixed(1)}%` : '—';
  console.log(
    `${result.name.padEnd(40)} ${result.rps.toFixed(0).padStart(7)} ${`${result.p50} ms`.padStart(8)} ${`${result.p99} ms`.padStart(8)} ${String(result.requests).padStart(10)} ${String(result.errors).padStart(7)} ${String(result.non2xx).padStart(8)}  ${ratio.padStart(7)}`,
  );
}
if (bare && tickets) {
  const share = tickets.rps / bare.rps;
  const clean = tickets.errors === 0 && tickets.non2xx === 0;
  console.log(
    `\nTarget: ticket creation at least ${TARGET_TICKET_SHARE * 100}% of the bare route's requests/s with zero errors: ` +
      `${(share * 100).toFixed(1)}% with ${tickets.errors + tickets.non2xx} errors — ${share >= TARGET_TICKET_SHARE && clean ? 'PASS' : 'MISS'}.`,
  );
  console.log(
    'Tickets are committed with synchronous=FULL: tickets arriving together share one transaction and one fsync ' +
      '(group commit), and each 201 waits for it.',
  );
  if (floor) {
    console.log(
      `Floor: the same statements and durability behind a bare node:http server (bench/lib/ticket-floor-server.ts) reach ` +
        `${((floor.rps / bare.rps) * 100).toFixed(1)}% of the bare route; Docket reaches ${((tickets.rps / floor.rps) * 100).toFixed(0)}% of the floor.`,
    );
  }
}

if (!args.includes('--skip-suggest')) {
  console.log('\nIn-process suggestion timings (npm run bench:suggest):');
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/suggest.ts'], { cwd: root, stdio: 'inherit' });
}
