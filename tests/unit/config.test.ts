import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../api/config';

describe('server configuration', () => {
  it('runs on its embedded defaults with no environment at all', () => {
    const config = loadServerConfig({});
    expect(config).toMatchObject({ PORT: 4321, HOST: 'localhost', DATABASE_URL: './data/docket.db', TRUST_PROXY: false });
    expect(config.RATE_LIMIT_TICKETS).toEqual({ limit: 10, windowMs: 3_600_000 });
    expect(config.RATE_LIMIT_SUGGEST).toEqual({ limit: 120, windowMs: 60_000 });
  });

  it('reads rate limits as operators write them', () => {
    const config = loadServerConfig({ RATE_LIMIT_TICKETS: '3/m', RATE_LIMIT_SUGGEST: '5/s', TRUST_PROXY: '1' });
    expect(config.RATE_LIMIT_TICKETS).toEqual({ limit: 3, windowMs: 60_000 });
    expect(config.RATE_LIMIT_SUGGEST).toEqual({ limit: 5, windowMs: 1_000 });
    expect(config.TRUST_PROXY).toBe(true);
  });

  it('names every bad variable instead of starting half-configured', () => {
    expect(() => loadServerConfig({ PORT: 'eighty', RATE_LIMIT_TICKETS: 'ten an hour' })).toThrow(
      /PORT: .*\n\s+RATE_LIMIT_TICKETS: must look like 10\/h/,
    );
  });
});
