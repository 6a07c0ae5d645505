import { describe, expect, it } from 'vitest';
import { patternFill, patternId, STATUS_ORDER } from './status-style';

describe('status fills', () => {
  it('gives every status but "done" a pattern, so colour is never the only cue', () => {
    expect(STATUS_ORDER.map((s) => patternFill('p', s))).toEqual([
      'var(--status-done)',
      'url(#p-pattern-cached)',
      'url(#p-pattern-error)',
      'url(#p-pattern-canceled)',
      'url(#p-pattern-unfinished)',
    ]);
  });

  it('makes ids from useId() safe inside url(#…)', () => {
    // React's useId() has used `:r1:` and `«r1»`; neither may stand unescaped in url().
    expect(patternId(':r1:', 'error')).toBe('r1-pattern-error');
    expect(patternId('«r1»', 'cached')).toBe('r1-pattern-cached');
  });
});
