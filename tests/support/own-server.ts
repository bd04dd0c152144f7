import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Docket server of one test file's own: a fresh database, a port of its own, and everything it printed. */
export interface OwnServer {
  url: string;
  /** Lines the server printed on standard output so far. */
  output: string[];
  /** The database file, for tests that prepare data with the shell commands. */
  databaseUrl: string;
  stop: () => Promise<void>;
  /** Kills the process outright (SIGKILL), as a crash or the OOM killer would; its database stays. */
  kill: () => Promise<void>;
}

/** Starts `api/server.ts` as `npm start` would serve it (the build must exist) and waits until it listens. */
export async function startOwnServer(env: Record<string, string> = {}): Promise<OwnServer> {
  const dir = mkdtempSync(join(tmpdir(), 'docket-own-server-'));
  const databaseUrl = join(dir, 'docket.db');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    // Port 0: the system picks a free port, and the server prints it; no race between test workers.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 30 s:\n${errors}`)), 30_000);
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const running = /Docket is running at (\S+)/.exec(line);
        if (running?.[1]) {
          clearTimeout(timer);
          resolve(running[1]);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`The server exited (${code}) before listening:\n${errors}`)));
  });
  return {
    url,
    output,
    databaseUrl,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
  };
}
