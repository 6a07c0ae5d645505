/**
 * GitHub Actions raw job logs (FORMAT.md §6; actions/runner `Logging.cs`): every
 * line starts with `2025-02-13T05:44:35.4327392Z ` (UTC, one space). The same
 * stamp is written by Gitea's act_runner and by Render.com, whose RFC3339Nano
 * stamps trim trailing zeros (`02:19:58.1147142Z` next to `02:19:58.265069451Z`),
 * so the fraction width varies. An empty line is the bare stamp, with or without
 * its trailing space.
 *
 * Only the stamp (and a UTF-8 BOM, which a downloaded step log starts with) is
 * removed: `##[group]`, `##[endgroup]`, `::group::` stay as text, the format
 * parser treats them as lines outside any build.
 */
import type { CiWrapper, LineStripper, Stamp } from './types';
import { readGitlabStamp, readIsoZStamp, scan } from './timestamp';

const BOM = 0xfeff;

/** What a sample looks like to the ISO-stamp wrappers (GitHub and Azure share the stamp). */
export interface IsoStampSample {
  /** Share of non-empty lines that carry the stamp. */
  share: number;
  /** Azure's `##[section]Starting:` / `##[section]Finishing:` lines were seen (§6). */
  azureSections: boolean;
}

const SECTION = '##[section]';

/** Measures the stamp share over all non-empty lines: a CI preamble before the build counts too. */
export function measureIsoStamps(sample: readonly string[]): IsoStampSample {
  let nonEmpty = 0;
  let stamped = 0;
  let azureSections = false;
  for (const line of sample) {
    if (line.length === 0) continue;
    nonEmpty++;
    const pos = line.charCodeAt(0) === BOM ? 1 : 0;
    if (Number.isNaN(readIsoZStamp(line, pos))) continue;
    const textStart = scan.end;
    // A GitLab FF_TIMESTAMPS line starts with the same kind of stamp: leave it to gitlab.ts.
    if (!Number.isNaN(readGitlabStamp(line, pos))) continue;
    stamped++;
    if (
      !azureSections &&
      line.startsWith(SECTION, textStart) &&
      (line.startsWith('Starting:', textStart + SECTION.length) ||
        line.startsWith('Finishing:', textStart + SECTION.length))
    ) {
      azureSections = true;
    }
  }
  return { share: nonEmpty ? stamped / nonEmpty : 0, azureSections };
}

/** Removes the BOM and the stamp; shared with azure-pipelines.ts. */
export function createIsoStampStripper(): LineStripper {
  return {
    strip(line: string, stamp: Stamp): string {
      const pos = line.charCodeAt(0) === BOM ? 1 : 0;
      // Fast path: a stamp needs '-' at 4 and 'T' at 10.
      if (line.charCodeAt(pos + 4) === 45 && line.charCodeAt(pos + 10) === 84) {
        const ms = readIsoZStamp(line, pos);
        if (!Number.isNaN(ms)) {
          stamp.epochMs = ms;
          return line.slice(scan.end);
        }
      }
      stamp.epochMs = NaN;
      return pos ? line.slice(1) : line;
    },
  };
}

export const githubActions: CiWrapper = {
  id: 'github-actions',
  sniff(sample) {
    const m = measureIsoStamps(sample);
    // Azure's section lines decide between the two; without them it is GitHub.
    return m.azureSections ? 0 : m.share;
  },
  createStripper: () => createIsoStampStripper(),
};
