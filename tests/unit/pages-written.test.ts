import { describe, expect, it } from 'vitest';
import { announcePagesWritten, onPagesWritten } from '../../src/utils/pages-written';

describe('the end of page generation', () => {
  it('lets each page module release its cache once, however often the build announces it', () => {
    const released: string[] = [];
    onPagesWritten(() => released.push('help center'));
    onPagesWritten(() => released.push('another cache'));
    expect(released).toEqual([]);

    announcePagesWritten();
    announcePagesWritten();

    expect(released).toEqual(['help center', 'another cache']);
  });
});
