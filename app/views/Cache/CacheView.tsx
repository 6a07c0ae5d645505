import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { CacheMounts } from './CacheMounts';
import { Downloads } from './Downloads';
import { LayerCacheByStage } from './LayerCacheByStage';
import { PackageEvidence } from './PackageEvidence';

/**
 * "What was cached and what was fetched fresh?" (PRODUCT.md 2) at both levels:
 * BuildKit's layer cache per stage, and the package managers' own caches, with
 * the mounts that hold them and everything downloaded.
 */
export function CacheView() {
  const build = useApp(selectBuild);
  if (!build) return null;
  return (
    <section className="panel cache" aria-labelledby="cache-heading">
      <h2 id="cache-heading">Cache</h2>
      <LayerCacheByStage build={build} />
      <PackageEvidence build={build} />
      <CacheMounts build={build} />
      <Downloads build={build} />
    </section>
  );
}
