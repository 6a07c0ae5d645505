import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../../src/index';
import { repoFile } from '../../test-support/repo-file';
import { KIND_LABEL, kindRows } from './time-per-kind';

const buildOf = (rel: string) => {
  const model = readLog(repoFile(rel));
  return buildViewDoc(model, analyze(model), rel).builds[0];
};

describe('kindRows', () => {
  it('names the kinds in plain words, largest first, without the ones that took no time', () => {
    const b = buildOf('e2e/fixtures/multistage-parallel.log');
    expect(kindRows(b.byKind).map((r) => [r.label, r.ms])).toEqual([
      ['RUN', 6900],
      ['other', 100],
    ]);
  });

  it('gives shares of the time of all kinds', () => {
    const b = buildOf(
      'src/analysis/packages/fixtures/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
    );
    const rows = kindRows(b.byKind);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1);
    for (let i = 1; i < rows.length; i++) expect(rows[i].ms).toBeLessThanOrEqual(rows[i - 1].ms);
    expect(rows.every((r) => r.ms > 0)).toBe(true);
  });

  it('has a label for every kind', () => {
    expect(KIND_LABEL['base-pull']).toBe('base image pulls');
    expect(KIND_LABEL.copy).toBe('COPY/ADD');
    expect(Object.keys(KIND_LABEL)).toHaveLength(10);
  });
});
