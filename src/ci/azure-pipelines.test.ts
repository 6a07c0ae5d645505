import { describe, it, expect } from 'vitest';
import { azurePipelines } from './azure-pipelines';
import { githubActions } from './github-actions';
import { detectCi, stripCi } from './index';
import { readFixture } from './read-fixture';

// The corpus has no Azure Pipelines log (SOURCES.md "Gaps"): azure-pipelines.log is
// built from the documented shape (FORMAT.md §6: the GitHub stamp plus
// `##[section]Starting:` / `##[section]Finishing:`), not captured.
describe('azure-pipelines', () => {
  it('claims a stamped log with ##[section] lines, and GitHub steps aside', () => {
    const lines = readFixture('azure-pipelines.log');
    expect(azurePipelines.sniff(lines)).toBe(1);
    expect(githubActions.sniff(lines)).toBe(0);
    expect(detectCi(lines)?.id).toBe('azure-pipelines');
  });

  it('strips the stamp and keeps the ##[…] commands as text', () => {
    const r = stripCi(readFixture('azure-pipelines.log'));
    expect(r.ci).toBe('azure-pipelines');
    expect(r.text[0]).toBe('##[section]Starting: Build image');
    expect(r.stampEpochMs[0]).toBe(Date.UTC(2024, 2, 5, 9, 12, 1, 123));
    expect(r.text[5]).toBe(
      '##[command]/usr/bin/docker build -f /home/vsts/work/1/s/Dockerfile -t app:42 /home/vsts/work/1/s',
    );
    expect(r.text[6]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[7]).toBe('');
    expect(r.text[11]).toBe('');
    expect(r.text[12]).toBe('#2 [internal] load metadata for docker.io/library/alpine:3.19');
    expect(r.stampEpochMs[12]).toBe(Date.UTC(2024, 2, 5, 9, 12, 3, 987));
    expect(r.text[21]).toBe('##[section]Finishing: Build image');
  });

  it('never fires on GitHub logs (no section lines)', () => {
    for (const f of [
      'gha-pip-cache-cold.gha.log',
      'github-flyio-depot.log',
      'gitea-act-runner.log',
    ]) {
      expect(azurePipelines.sniff(readFixture(f))).toBe(0);
    }
  });
});
