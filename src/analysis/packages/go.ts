/**
 * Go modules (FORMAT.md §7; golang/go `cmd/go/internal/modfetch/fetch.go`).
 *
 * `go: downloading github.com/pkg/errors v0.9.1` — one module fetched. A module
 * already in the module cache prints nothing, and `go mod download` prints
 * nothing at all (not even for downloads), so silence proves nothing.
 */
import type { PackageParser } from './types';

const DOWNLOADING = /^go: downloading (\S+) (v\S+)$/;

export const goParser: PackageParser = {
  tool: 'go',
  starts: ['go: '],
  line(text, at, line, acc) {
    const t = text.slice(at).trimEnd();
    const m = DOWNLOADING.exec(t);
    if (m) acc.add('go', 'downloaded', `${m[1]} ${m[2]}`, null, line);
    else if (t.startsWith('go: finding ') || t.startsWith('go: found ')) {
      acc.seen('go');
      acc.downloading = true;
    }
  },
  finish(acc) {
    acc.note(
      'go prints `go: downloading` only for modules missing from its module cache; cached modules print nothing, and `go mod download` prints nothing at all.',
    );
  },
};
