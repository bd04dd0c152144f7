import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `check:content` as CI does, from the repository root. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-content.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, DEBUG: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each run starts Node and tsx, which takes a second or two on a busy CI machine.
describe('npm run check:content', { timeout: 30_000 }, () => {
  it('lists every problem as file:line: message on stderr, a summary on stdout, and fails', () => {
    const { code, stdout, stderr } = run('--content', 'tests/fixtures/content-broken', '--public', 'tests/fixtures/public');
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(46);
    expect(lines).toContain(
      'tests/fixtures/content-broken/en/getting-started/field-typo.md:2: tittle is not a known field (did you mean title?)',
    );
    expect(lines).toContain(
      'tests/fixtures/content-broken/en/billing/broken-links.md:9: link to /articles/nope/ points to no article in en',
    );
    for (const line of lines) expect(line).toMatch(/^tests\/fixtures\/content-broken\/\S.*:\d+: \S/);
    expect(stdout).toBe('46 problems in 19 files\n');
    // A writer never meets our internals.
    expect(stdout + stderr).not.toMatch(/ZodError|\n\s+at |node_modules/);
  });

  it('passes a valid site and says how many articles it has', () => {
    const { code, stdout, stderr } = run('--content=tests/fixtures/content-ok', '--public=tests/fixtures/public');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'content OK: 5 articles (en 5, ru 1; 2 drafts)\n', stderr: '' });
  });

  it('a checker failure is one line and exit code 2, without a stack trace', () => {
    const { code, stdout, stderr } = run('--content', 'tests/fixtures/no-such-folder');
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'check:content failed: content folder "tests/fixtures/no-such-folder" does not exist\n',
    });
  });
});
