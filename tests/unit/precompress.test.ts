import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../src/integrations/precompress';

let dir: string;
const page = (words: string) => `<!doctype html><title>Page</title><p>${words.repeat(200)}</p>`;

/** Dates a file a minute back, as a previous build would have left it. */
function age(file: string) {
  const then = new Date(Date.now() - 60_000);
  utimesSync(file, then, then);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'docket-precompress-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('precompression', () => {
  it('writes brotli and gzip copies that decompress to the file, and none for a file too small to gain', async () => {
    writeFileSync(join(dir, 'index.html'), page('reset your password '));
    writeFileSync(join(dir, 'tiny.txt'), 'small');

    expect(await precompressDirectory(dir)).toBe(1);

    const original = readFileSync(join(dir, 'index.html'));
    expect(brotliDecompressSync(readFileSync(join(dir, 'index.html.br')))).toEqual(original);
    expect(gunzipSync(readFileSync(join(dir, 'index.html.gz')))).toEqual(original);
    expect(existsSync(join(dir, 'tiny.txt.br'))).toBe(false);
  });

  it("keeps a previous build's copies of an unchanged file, dated now, and compresses a changed one again", async () => {
    const same = join(dir, 'same.html');
    const changed = join(dir, 'changed.html');
    writeFileSync(same, page('unchanged '));
    writeFileSync(changed, page('before '));
    await precompressDirectory(dir);
    // Another valid brotli copy than this build would make: if it is still there after, it was kept.
    const planted = brotliCompressSync(readFileSync(same), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(`${same}.br`, planted);
    for (const file of [same, changed]) for (const copy of ['.br', '.gz']) age(`${file}${copy}`);
    const before = statSync(`${same}.br`).mtimeMs;
    writeFileSync(changed, page('after '));

    expect(await precompressDirectory(dir)).toBe(2);

    expect(readFileSync(`${same}.br`)).toEqual(planted);
    expect(statSync(`${same}.br`).mtimeMs).toBeGreaterThan(before);
    expect(statSync(`${same}.gz`).mtimeMs).toBeGreaterThan(before);
    expect(brotliDecompressSync(readFileSync(`${changed}.br`)).toString()).toBe(page('after '));
    expect(gunzipSync(readFileSync(`${changed}.gz`)).toString()).toBe(page('after '));
  });

  it('compresses again when the brotli copy is missing, whatever the gzip copy says', async () => {
    const file = join(dir, 'index.html');
    writeFileSync(file, page('reset your password '));
    await precompressDirectory(dir);
    unlinkSync(`${file}.br`);

    await precompressDirectory(dir);

    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(page('reset your password '));
  });
});
