// Maven and Gradle against real logs: the 3.7 MB seven-service Maven build
// (corpus, and an excerpt as a fixture) and a GitHub Actions Gradle build;
// Gradle's FROM-CACHE / UP-TO-DATE from a fixture written from FORMAT.md §7.
//
// Maven per step, counted by hand: the `Downloaded from` lines carry no `#N`
// prefix (Maven's progress ends in a bare CR), so they belong to the block of
// the last `#N` line before them:
//
//   awk '/^#[0-9]+ /{ split($1,a,"#"); cur=a[2] }
//        /Downloaded from [^ ]*: .* \([0-9.]+ k?M?B at/ { n[cur]++;
//          match($0, /\(([0-9.]+) (k?M?B) at/); split(substr($0, RSTART+1, RLENGTH-1), p, " ");
//          b[cur] += p[1] * ((p[2]=="kB") ? 1000 : (p[2]=="MB") ? 1000000 : 1) }
//        END { for (k in n) print k, n[k], b[k] }' F
//
// gives 45: 457 / 106035912 B, 46: 448 / 105071912, 47: 450 / 105079112,
// 48: 528 / 85842812, 49, 50, 51: 448 / 105071912; 3227 lines in all
// (`grep -c 'Downloaded from'`).
import { describe, expect, it } from 'vitest';
import { HAVE_CORPUS, describeCorpus } from '../../test-support/corpus';
import {
  allSteps,
  analyzedSteps,
  corpus,
  counts,
  events,
  fixture,
  packagesOf,
} from './test-helpers';
import { analyzePackages } from './index';

describe('maven (excerpt of the real 3.7 MB log)', () => {
  it('12 Downloaded lines without a prefix, 261.4 kB', () => {
    const m = fixture('maven-7-services-excerpt.plain.log');
    const p = packagesOf(m, 45);
    // grep -c '^Downloaded from' → 12; their sizes: 13 + 97 + 7.9 + 9.6 + 56 + 24 + 3.3 +
    // 6.1 + 11 + 5.5 + 12 + 16 kB.
    expect(counts(p)).toEqual({
      tools: ['maven'],
      downloaded: 12,
      reused: 0,
      builtFromSource: 0,
      bytesDownloaded: 261_400,
      bytesReused: 0,
    });
    expect(events(p, 'downloaded')[0]).toMatchObject({
      name: 'spring-boot-starter-parent-3.5.14.pom',
      bytes: 13_000,
    });
    // The event points at the unprefixed line itself.
    expect(m.text[events(p, 'downloaded')[0].line]).toMatch(/^Downloaded from central: /);
    // From the first `Downloading from` (5.988) to the last timed line, `#45 8.472 Progress (1): 887 B`:
    // downloads back to back, all of it download time.
    expect(p!.downloadMs).toBe(8472 - 5988);
  });
});

describeCorpus('maven (the 3.7 MB corpus log)', () => {
  // Read only when the corpus is there: a skipped suite's body still runs to collect its tests.
  const m = HAVE_CORPUS
    ? corpus('real/plain-compose-bake-7-java-services-maven-unprefixed-progress-3.7mb.log')
    : (undefined as unknown as ReturnType<typeof corpus>);
  const want: Record<number, [number, number]> = {
    45: [457, 106_035_912],
    46: [448, 105_071_912],
    47: [450, 105_079_112],
    48: [528, 85_842_812],
    49: [448, 105_071_912],
    50: [448, 105_071_912],
    51: [448, 105_071_912],
  };

  it('counts and bytes of the Downloaded lines per step', () => {
    const got = [...analyzedSteps(m)].map(([ref, p]) => [ref, p.downloaded, p.bytesDownloaded]);
    expect(got).toEqual(Object.entries(want).map(([ref, [n, b]]) => [`#${ref}`, n, b]));
    const total = Object.values(want).reduce((a, [n]) => a + n, 0);
    expect(total).toBe(3227);
  });

  it('download time never exceeds a step’s time', () => {
    for (const s of allSteps(m)) {
      const p = analyzePackages(s, m.text);
      if (p && s.durationMs !== null) expect(p.downloadMs).toBeLessThanOrEqual(s.durationMs);
    }
  });
});

describe('gradle', () => {
  it('the wrapper download and the summary (excerpt of a real GitHub Actions log)', () => {
    const m = fixture('gradle-wrapper-excerpt.gha.log');
    const p = packagesOf(m, 14);
    expect(counts(p)).toMatchObject({ tools: ['gradle'], downloaded: 1, reused: 0 });
    expect(events(p, 'downloaded').map((e) => e.name)).toEqual(['gradle-8.14.3-bin.zip']);
    expect(p!.summaries.map((s) => [s.text, s.reused])).toEqual([
      ['4 actionable tasks: 4 executed', 0],
    ]);
    // `#14 0.133 Downloading …` to the next timed line, `#14 0.869 ....10%....100`.
    expect(p!.downloadMs).toBe(869 - 133);
  });

  it('FROM-CACHE and UP-TO-DATE are reused; the summary alone counts when no task line shows', () => {
    const m = fixture('gradle-cache.plain.log');
    const p = packagesOf(m, 2);
    expect(events(p, 'reused').map((e) => e.name)).toEqual([
      ':compileJava',
      ':processResources',
      ':classes',
    ]);
    // `4 actionable tasks: 1 executed, 1 from cache, 2 up-to-date` says the same 3: not added twice.
    expect(counts(p)).toMatchObject({ downloaded: 0, reused: 3 });
    expect(counts(packagesOf(m, 3))).toMatchObject({ downloaded: 0, reused: 1 });
  });
});

describeCorpus('gradle (corpus)', () => {
  it('the GitHub Actions log reads as its excerpt', () => {
    const p = packagesOf(corpus('real/ci-github-build-push-git-context-gradle-push.log'), 14);
    expect(counts(p)).toMatchObject({ tools: ['gradle'], downloaded: 1, reused: 0 });
  });

  it('Gradle running docker build: its lines are outside the build, no step gets them', () => {
    const m = corpus('real/plain-gradle-task-wrapped-docker-build-cached.log');
    expect(analyzedSteps(m).size).toBe(0);
  });
});
