// go and cargo. The corpus has no go or cargo output (`grep -rl 'go: downloading\|   Compiling '
// ../shared/corpus` finds nothing), so these fixtures were written by hand from
// the line shapes of FORMAT.md §7.
import { describe, expect, it } from 'vitest';
import { counts, events, fixture, names, packagesOf } from './test-helpers';

describe('go (fixture from FORMAT.md §7 shapes)', () => {
  const m = fixture('go.plain.log');

  it('one download per `go: downloading`; module and version as the name', () => {
    const p = packagesOf(m, 3);
    expect(names(p, 'downloaded')).toEqual([
      'github.com/pkg/errors v0.9.1',
      'golang.org/x/sync v0.5.0',
      'github.com/google/uuid v1.4.0',
    ]);
    expect(counts(p)).toMatchObject({ tools: ['go'], downloaded: 3, reused: 0 });
    // 0.412 → 0.415 → 1.020; the last download has no timed line after it.
    expect(p!.downloadMs).toBe(3 + 605);
    expect(p!.notes[0]).toMatch(/go mod download` prints nothing/);
  });

  it('`go mod download` and a build with every module cached print nothing: no evidence', () => {
    expect(packagesOf(m, 2)).toBeNull();
    expect(packagesOf(m, 4)).toBeNull();
  });
});

describe('cargo (fixture from FORMAT.md §7 shapes)', () => {
  const m = fixture('cargo.plain.log');

  it('Downloaded per crate, the size from the summary, Compiling = built', () => {
    const p = packagesOf(m, 2);
    expect(names(p, 'downloaded')).toEqual(['itoa v1.0.9', 'serde v1.0.190']);
    expect(names(p, 'built')).toEqual(['serde v1.0.190', 'itoa v1.0.9', 'app v0.1.0']);
    // `Downloaded 2 crates (47.9KiB)`: 47.9 × 1024 bytes.
    expect(counts(p)).toEqual({
      tools: ['cargo'],
      downloaded: 2,
      reused: 0,
      builtFromSource: 3,
      bytesDownloaded: Math.round(47.9 * 1024),
      bytesReused: 0,
    });
    expect(p!.summaries.map((s) => [s.text, s.downloaded, s.bytes])).toEqual([
      ['Downloaded 2 crates (47.9KiB) in 1.21s', 2, 49_050],
    ]);
    // `Updating crates.io index` 0.215 → 1.802, ` Downloading crates ...` → 2.410,
    // `Downloaded itoa` → 2.455, `Downloaded serde` → 2.460.
    expect(p!.downloadMs).toBe(1587 + 608 + 45 + 5);
  });

  it('the older `(10.0 KB)` summary counts 1024 to the KB', () => {
    const p = packagesOf(m, 3);
    expect(counts(p)).toMatchObject({ downloaded: 1, builtFromSource: 2, bytesDownloaded: 10_240 });
    expect(events(p, 'built')[1].name).toBe('app v0.1.0');
  });
});
