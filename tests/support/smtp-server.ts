import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

/** Debian's python3 (where `apt-get install python3-aiosmtpd` puts the module), unless told otherwise. */
const PYTHON = process.env.AIOSMTPD_PYTHON ?? '/usr/bin/python3';

/**
 * A real SMTP server for the email tests: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1, delivering every
 * message it accepts into a Maildir the test reads. It can be stopped and started again on the same port, to
 * play an SMTP server that goes away for a while.
 */
export interface TestSmtpServer {
  port: number;
  url: string;
  /** Every message delivered so far, oldest first, parsed. */
  messages(): Promise<ParsedMail[]>;
  /** How many messages were delivered so far, without reading them. */
  count(): number;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `maildir`: deliver into this Maildir (the IMAP test server's mailbox: the SMTP server then plays the support
 * address's mail exchanger), as `owner` when given.
 */
export async function startTestSmtpServer(
  options: { maildir?: string; owner?: { uid: number; gid: number } | undefined } = {},
): Promise<TestSmtpServer> {
  if (!existsSync(PYTHON)) throw new Error(`No ${PYTHON} for the SMTP test server: apt-get install -y python3-aiosmtpd`);
  const dir = mkdtempSync(join(tmpdir(), 'docket-smtp-'));
  const maildir = options.maildir ?? join(dir, 'Maildir');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let errors = '';

  async function start() {
    errors = '';
    child = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(options.owner ? { uid: options.owner.uid, gid: options.owner.gid } : {}),
    });
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`aiosmtpd did not start (is python3-aiosmtpd installed?):\n${errors}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  await start();
  return {
    port,
    url: `smtp://127.0.0.1:${port}?tls=off`,
    async messages() {
      const folder = join(maildir, 'new');
      if (!existsSync(folder)) return [];
      const files = readdirSync(folder).sort();
      return Promise.all(files.map((file) => simpleParser(readFileSync(join(folder, file)))));
    },
    count() {
      const folder = join(maildir, 'new');
      return existsSync(folder) ? readdirSync(folder).length : 0;
    },
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
