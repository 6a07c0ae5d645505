// apt-get and apk against real logs. The apt figures were counted by hand in
// the fixtures (copies of engine/d26-07/08/09), F being the fixture:
//
//   grep -c '^#5 [0-9.]* Get:' F                          → Get lines
//   grep '^#5 [0-9.]* Get:' F | sed 's/^#5 [0-9.]* Get:[0-9]* [^ ]* //; s/ \[.*//' \
//     | awk 'NF>=5' | wc -l                               → of them packages (5+ words)
//   grep -o 'Get:.*\[[0-9.]* k\?B\]$' F | sed -E 's/.*\[([0-9.]+) (k?B)\]$/\1 \2/' \
//     | awk '{ s += ($2=="kB") ? $1*1000 : $1 } END { print s }'  → bytes of the Get lines
//   grep 'Fetched\|Need to get\|newly installed\|Hit:' F
import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { analyzedSteps, corpus, counts, events, fixture, packagesOf } from './test-helpers';

describe('apt (engine fixtures)', () => {
  it('d26-07 cold cache mount: 28 Get lines (9 index, 19 packages), two Fetched', () => {
    const m = fixture('d26-07-apt-cache-cold.plain.log');
    const p = packagesOf(m, 5);
    expect(counts(p)).toEqual({
      tools: ['apt'],
      downloaded: 28,
      reused: 0,
      builtFromSource: 0,
      bytesDownloaded: 20_396_980,
      bytesReused: 0,
    });
    const gets = events(p, 'downloaded');
    expect(gets[0]).toMatchObject({ name: 'bookworm InRelease', bytes: 151_000 });
    expect(gets[9]).toMatchObject({ name: 'libbrotli1 1.0.9-2+deb12u1', bytes: 275_000 });
    expect(gets.filter((e) => / \d/.test(e.name)).length).toBe(19);
    expect(p!.summaries.map((s) => [s.text, s.bytes, s.reused])).toEqual([
      ['Fetched 15.8 MB in 3s (5327 kB/s)', 15_800_000, null],
      ['Need to get 4632 kB of archives.', 4_632_000, 0],
      ['Fetched 4632 kB in 1s (4679 kB/s)', 4_632_000, null],
    ]);
    expect(p!.downloadMs).toBeGreaterThan(0);
    expect(p!.downloadMs).toBeLessThanOrEqual(8300); // `#5 DONE 8.3s`
    expect([...analyzedSteps(m).keys()]).toEqual(['#5']);
  });

  it('d26-08 warm: 3 index Gets; `Need to get 0 B/4632 kB`: the 19 packages reused', () => {
    const p = packagesOf(fixture('d26-08-apt-cache-warm.plain.log'), 5);
    // 151 + 55.4 + 34.8 kB of InRelease files; `0 upgraded, 19 newly installed`.
    expect(counts(p)).toEqual({
      tools: ['apt'],
      downloaded: 3,
      reused: 19,
      builtFromSource: 0,
      bytesDownloaded: 241_200,
      bytesReused: 4_632_000,
    });
    expect(p!.summaries.map((s) => [s.text, s.bytes, s.reused])).toEqual([
      ['Fetched 241 kB in 1s (192 kB/s)', 241_000, null],
      ['Need to get 0 B/4632 kB of archives.', 0, 19],
    ]);
  });

  it('d26-09 without a usable cache: everything fetched again', () => {
    const p = packagesOf(fixture('d26-09-apt-nocache.plain.log'), 5);
    expect(counts(p)).toMatchObject({
      downloaded: 28,
      reused: 0,
      bytesDownloaded: 20_396_980,
      bytesReused: 0,
    });
    expect(p!.summaries.map((s) => s.text)).toEqual([
      'Fetched 15.8 MB in 2s (6598 kB/s)',
      'Need to get 4632 kB of archives.',
      'Fetched 4632 kB in 1s (4733 kB/s)',
    ]);
  });
});

describeCorpus('apt (corpus)', () => {
  it('image-node: `Need to get 35.4 MB/46.7 MB`, 387 installed, 362 package Gets → 25 reused', () => {
    // grep -c 'Get:' → 365; awk 'NR>228 && /Get:/' (after `Need to get`, line 228) → 362.
    const p = packagesOf(corpus('engine/d26-00-image-node.plain.log'), 5);
    expect(counts(p)).toMatchObject({ downloaded: 365, reused: 25 });
    expect(p!.bytesReused).toBe(46_700_000 - 35_400_000);
  });

  it('`Hit:` is an index reused', () => {
    const m = corpus(
      'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log',
    );
    const p = packagesOf(m, 17);
    // grep '^#17 .*Hit:' → one line: `#17 0.804 Hit:1 http://deb.mirror.example/debian trixie InRelease`
    expect(events(p, 'reused').map((e) => e.name)).toEqual(['trixie InRelease']);
  });
});

describe('apk (excerpt of a real log)', () => {
  it('Installing lines make a summary per run and a note; no cache events', () => {
    const m = fixture('apk-nestjs-excerpt.plain.log');
    const p7 = packagesOf(m, 7);
    expect(counts(p7)).toEqual({
      tools: ['apk'],
      downloaded: 0,
      reused: 0,
      builtFromSource: 0,
      bytesDownloaded: 0,
      bytesReused: 0,
    });
    expect(p7!.summaries.map((s) => s.text)).toEqual(['(3/3) Installing gcompat (1.1.0-r4)']);
    expect(p7!.notes[0]).toMatch(/apk prints no cache signal/);
    // #8 is re-opened after #9: its run still ends at `(5/5)`.
    expect(packagesOf(m, 8)!.summaries.map((s) => s.text)).toEqual([
      '(5/5) Installing openssl (3.5.4-r0)',
    ]);
  });
});

describeCorpus('apk (corpus)', () => {
  it('`fetch …/APKINDEX.tar.gz` lines are index downloads', () => {
    const m = corpus('real/plain-nextjs-build-then-cache-key-checksum-not-found.log');
    const p = packagesOf(m, 11);
    // grep -c '^#11 [0-9.]* fetch ' → 2; the run ends at `(142/142) Installing …`.
    expect(events(p, 'downloaded').map((e) => e.name)).toEqual([
      'https://dl-cdn.alpinelinux.org/alpine/v3.22/main/aarch64/APKINDEX.tar.gz',
      'https://dl-cdn.alpinelinux.org/alpine/v3.22/community/aarch64/APKINDEX.tar.gz',
    ]);
    expect(p!.summaries.map((s) => s.text.slice(0, 10))).toEqual(['(142/142) ']);
  });
});
