/**
 * `npm run bench:api`: the real Docket server, loaded over HTTP from this (second) process with autocannon.
 * Prints requests/s, p50 and p99 for opening a ticket and for /api/suggest next to a bare Hono route on the
 * same server in the same run, with the ratios; then the in-process suggestion timings (bench/suggest.ts).
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

if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
  console.error('bench:api needs the built help center: run `npm run build` first.');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'docket-bench-api-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: join(work, 'bench.db'),
    DOCKET_BENCH_HELLO: '1',
    // The limits protect a public server from one address; here one address is the whole load.
    RATE_LIMIT_TICKETS: '1000000000/s',
    RATE_LIMIT_SUGGEST: '1000000000/s',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

try {
  await waitFor(`${base}/api/health`, 60_000);
  console.log(
    `Docket server on ${base} (pid ${server.pid}), loaded from this process: ${CONNECTIONS} connections, ${SECONDS} s per route.`,
  );

  let ticket = 0;
  const results: Load[] = [];
  results.push(await load('bare Hono route (GET /__bench/hello)', { url: `${base}/__bench/hello` }));
  results.push(
    await load('open a ticket (POST /api/tickets)', {
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
    }),
  );
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

  const bare = results[0];
  console.log('\nroute                                      req/s      p50      p99   requests  errors  non-2xx  vs bare');
  for (const result of results) {
    const ratio = bare && bare.rps > 0 ? `${((result.rps / bare.rps) * 100).toFixed(1)}%` : '—';
    console.log(
      `${result.name.padEnd(40)} ${result.rps.toFixed(0).padStart(7)} ${`${result.p50} ms`.padStart(8)} ${`${result.p99} ms`.padStart(8)} ${String(result.requests).padStart(10)} ${String(result.errors).padStart(7)} ${String(result.non2xx).padStart(8)}  ${ratio.padStart(7)}`,
    );
  }
  const tickets = results[1];
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
  }
} finally {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

if (!args.includes('--skip-suggest')) {
  console.log('\nIn-process suggestion timings (npm run bench:suggest):');
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/suggest.ts'], { cwd: root, stdio: 'inherit' });
}
