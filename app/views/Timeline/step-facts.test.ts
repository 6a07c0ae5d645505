import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../../src/index';
import { repoFile } from '../../test-support/repo-file';
import { barLabel, stepFacts } from './step-facts';

const buildOf = (rel: string) => {
  const model = readLog(repoFile(rel));
  return buildViewDoc(model, analyze(model), rel).builds[0];
};

describe('what a bar says about its step', () => {
  it('gives times, status, cache and slack, approximate when the times are estimated', () => {
    const b = buildOf('e2e/fixtures/multistage-parallel.log');
    const a = b.steps.find((s) => s.ref === 9)!;
    const facts = Object.fromEntries(stepFacts(a, 'build-a', true).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      Group: 'build-a',
      Start: 'about 100 ms',
      End: 'about 3.4 s',
      Duration: 'about 3.3 s',
      Status: 'executed',
      Slack: '200 ms',
    });
    const onPath = b.steps.find((s) => s.ref === 8)!;
    expect(barLabel(onPath, 'build-b', false)).toMatch(
      /^#8 \[build-b 1\/1\] RUN .*, Start: 100 ms, .*Slack: none: on the critical path$/,
    );
  });

  it('reports the package evidence of a step that installed packages', () => {
    const b = buildOf('src/analysis/fixtures/pip-cache-cold.gha.log');
    const pip = b.steps.find((s) => s.packages && s.packages.downloaded > 0)!;
    const packages = stepFacts(pip, '', false).find((f) => f.label === 'Packages')!.value;
    expect(packages).toContain(`${pip.packages!.downloaded} downloaded (`);
    expect(packages).toContain('pip');
  });
});
