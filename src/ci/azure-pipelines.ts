/**
 * Azure Pipelines job logs (FORMAT.md §6; azure-pipelines-agent `Logging.cs`):
 * the same `2025-02-13T05:44:35.4327392Z ` stamp as GitHub Actions (both come
 * from the same runner lineage). What tells them apart is Azure's
 * `##[section]Starting: <task>` / `##[section]Finishing: <task>` lines, so this
 * wrapper only claims a log that has them, and github-actions.ts steps aside
 * when it does: the two never both fire on one log.
 */
import type { CiWrapper } from './types';
import { createIsoStampStripper, measureIsoStamps } from './github-actions';

export const azurePipelines: CiWrapper = {
  id: 'azure-pipelines',
  sniff(sample) {
    const m = measureIsoStamps(sample);
    return m.azureSections ? m.share : 0;
  },
  createStripper: () => createIsoStampStripper(),
};
