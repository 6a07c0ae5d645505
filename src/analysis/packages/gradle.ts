/**
 * Gradle (FORMAT.md §7; gradle `TaskExecutionStatisticsReporterTest`, and
 * real/ci-github-build-push-git-context-gradle-push.log).
 *
 * - `> Task :compileJava FROM-CACHE` (from the build cache) and `UP-TO-DATE`
 *   (outputs already there): reused; a bare `> Task :compileJava` ran.
 * - `4 actionable tasks: 2 executed, 1 from cache, 1 up-to-date` — the run's
 *   summary; it counts only where no task line was printed.
 * - The wrapper's `Downloading https://services.gradle.org/distributions/gradle-8.14.3-bin.zip`
 *   is a download (Gradle itself). Dependency downloads print nothing at the
 *   default log level.
 */
import { baseName } from './sizes';
import type { PackageParser } from './types';

const TASK = /^> Task (:\S*)(?: (UP-TO-DATE|FROM-CACHE|NO-SOURCE|SKIPPED|FAILED))?$/;
const SUMMARY = /^(\d+) actionable tasks?: (.+)$/;
const PART = /(\d+) (executed|from cache|up-to-date)/g;
interface GradleState {
  taskLines: boolean;
}

const newState = (): GradleState => ({ taskLines: false });

const DISTRIBUTION = /^Downloading (https?:\/\/\S+\/gradle-[\w.-]+-(?:bin|all)\.zip)$/;

export const gradleParser: PackageParser = {
  tool: 'gradle',
  starts: ['> Task ', 'Downloading https://', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  line(text, at, line, acc) {
    const c0 = text.charCodeAt(at);
    // Digit-led lines are common in any output: only `N actionable task(s): …` is Gradle's.
    if (c0 >= 48 && c0 <= 57 && text.indexOf(' actionable task', at) < 0) return;
    const t = text.slice(at).trimEnd();
    const c = t.charCodeAt(0);
    if (c === 62 /* > */) {
      const m = TASK.exec(t);
      if (!m) return;
      acc.state('gradle', newState).taskLines = true;
      if (m[2] === 'UP-TO-DATE' || m[2] === 'FROM-CACHE')
        acc.add('gradle', 'reused', m[1], null, line);
      else acc.seen('gradle');
      return;
    }
    if (c === 68 /* D */) {
      if (acc.indent !== 0) return;
      const m = DISTRIBUTION.exec(t);
      if (m) acc.add('gradle', 'downloaded', baseName(m[1]), null, line);
      return;
    }
    const m = SUMMARY.exec(t);
    if (!m) return;
    let reused = 0;
    for (const p of m[2].matchAll(PART)) if (p[2] !== 'executed') reused += Number(p[1]);
    acc.summary('gradle', line, t, null, reused, null);
  },
  finish(acc) {
    // Task lines, when printed, already counted what the summary says.
    if (!acc.state('gradle', newState).taskLines)
      for (const s of acc.summaries) if (s.tool === 'gradle') acc.extraReused += s.reused ?? 0;
  },
};
