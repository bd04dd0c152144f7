/**
 * `npm start`: builds the help center when the build is missing or older than its sources, then serves it.
 * Writers and admins get one command that always shows what is in `content/` now.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../api/server';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What a build is made from: a change in any of these makes the current build stale. */
const SOURCES = ['content', 'src', 'public', 'astro.config.mjs', 'package-lock.json'];
const BUILD_STAMP = join(root, 'dist', 'client', 'index.html');

function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale(): { stale: boolean; reason: string } {
  let built: number;
  try {
    built = statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return { stale: true, reason: 'no build yet' };
  }
  for (const source of SOURCES) {
    if (newestMtime(join(root, source)) > built) return { stale: true, reason: `${source} changed since the last build` };
  }
  return { stale: false, reason: '' };
}

const { stale, reason } = buildIsStale();
if (stale) {
  console.log(`Building the help center (${reason})…`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; fix the problems above and run `npm start` again.');
    process.exit(build.status ?? 1);
  }
}

try {
  const { url } = await startServer();
  console.log(`Docket is running at ${url}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
