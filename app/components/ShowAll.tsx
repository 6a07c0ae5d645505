import { useState } from 'react';

/**
 * The first `limit` items of a long list, and a button for the rest: a bake
 * file of hundreds of stages would otherwise lay out thousands of rows no one
 * scrolls to (the whole log view has every line in any case).
 */
export function useShowAll<T>(items: readonly T[], limit: number) {
  const [all, setAll] = useState(false);
  const shown = all || items.length <= limit ? items : items.slice(0, limit);
  const hidden = items.length - shown.length;
  const toggle =
    hidden > 0 || all ? (
      <button type="button" className="show-all" onClick={() => setAll(!all)} aria-expanded={all}>
        {all ? `Show the first ${limit} only` : `Show all ${items.length} (${hidden} more)`}
      </button>
    ) : null;
  return { shown, toggle };
}
