import { describe, expect, it } from 'vitest';
import { realDoc } from '../../test-support/real-doc';
import { evidenceLines, lineLabel, LINES_SHOWN } from './evidence';
import { repoFile } from '../../test-support/repo-file';

const LAMBDA = repoFile('src/analysis/fixtures/plain-python-pip-multistage-parallel-lambda.log');

// The first finding of this build (no cache mount for apt and pip) rests on 82 lines.
const finding = realDoc(LAMBDA).doc.builds[0].findings[0];

describe('evidenceLines', () => {
  it('lists the first ten lines of a long finding and counts the rest', () => {
    expect(finding.lines).toHaveLength(82);
    const { shown, hidden } = evidenceLines(finding.lines, false);
    expect(shown).toEqual(finding.lines.slice(0, LINES_SHOWN));
    expect(hidden).toBe(72);
  });

  it('lists them all when expanded, and never hides anything of a short list', () => {
    expect(evidenceLines(finding.lines, true)).toEqual({ shown: finding.lines, hidden: 0 });
    const short = realDoc(LAMBDA).doc.builds[0].findings[2].lines;
    expect(evidenceLines(short, false)).toEqual({ shown: short, hidden: 0 });
  });

  it('drops repeated lines and puts them in input order', () => {
    expect(evidenceLines([316, 285, 316], false)).toEqual({ shown: [285, 316], hidden: 0 });
  });
});

describe('lineLabel', () => {
  it('numbers from 1, as the log view does', () => {
    expect(lineLabel(finding.lines[0])).toBe('line 48');
  });
});
