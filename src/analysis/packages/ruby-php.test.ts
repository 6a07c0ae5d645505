// Bundler and Composer. The corpus has no output of either (`grep -rl 'Bundle complete\|
// - Installing' ../shared/corpus` finds none), so these fixtures were written by
// hand from the line shapes of FORMAT.md §7.
import { describe, expect, it } from 'vitest';
import { counts, fixture, names, packagesOf } from './test-helpers';

describe('bundler (fixture from FORMAT.md §7 shapes)', () => {
  it('Fetching = downloaded, Using = reused, Installing without Fetching = from the gem cache', () => {
    const p = packagesOf(fixture('bundler.plain.log'), 2);
    expect(names(p, 'downloaded')).toEqual(['rake 13.1.0', 'json 2.6.3']);
    expect(names(p, 'reused')).toEqual(['bundler 2.4.10', 'rack 3.0.8']);
    // `Installing json 2.6.3 with native extensions` compiles C code.
    expect(names(p, 'built')).toEqual(['json 2.6.3']);
    expect(counts(p)).toMatchObject({
      tools: ['bundler'],
      downloaded: 2,
      reused: 2,
      builtFromSource: 1,
    });
    expect(p!.summaries.map((s) => s.text)).toEqual([
      'Bundle complete! 3 Gemfile dependencies, 4 gems now installed.',
    ]);
  });
});

describe('composer (fixture from FORMAT.md §7 shapes)', () => {
  const m = fixture('composer.plain.log');

  it('Composer 2: Installing without Downloading came from the cache', () => {
    const p = packagesOf(m, 2);
    expect(names(p, 'downloaded')).toEqual(['psr/log', 'symfony/polyfill-ctype']);
    expect(names(p, 'reused')).toEqual(['monolog/monolog']);
    expect(p!.tools).toEqual(['composer']); // not Poetry, though it prints the same summary line
    expect(p!.summaries.map((s) => s.text)).toEqual([
      'Package operations: 3 installs, 0 updates, 0 removals',
    ]);
  });

  it('Composer 1: `Loading from cache` and `Downloading (100%)`', () => {
    const p = packagesOf(m, 3);
    expect(names(p, 'reused')).toEqual(['psr/log']);
    expect(names(p, 'downloaded')).toEqual(['monolog/monolog']);
  });
});
