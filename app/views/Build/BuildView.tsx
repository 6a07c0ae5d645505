import { Deferred } from '../../components/Deferred';
import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { CacheView } from '../Cache/CacheView';
import { ExportMenu } from '../Export/ExportMenu';
import { TimePerKindView } from '../Charts/TimePerKindView';
import { TimePerStepView } from '../Charts/TimePerStepView';
import { FailureView } from '../Failure/FailureView';
import { InsightsView } from '../Insights/InsightsView';
import { LogView } from '../Log/LogView';
import { StepDetailView } from '../Steps/StepDetailView';
import { StepsView } from '../Steps/StepsView';
import { SummaryView } from '../Summary/SummaryView';
import { TimelineView } from '../Timeline/TimelineView';

/** One build: failure first when it failed, then the summary, the timeline and the rest. */
export function BuildView() {
  const build = useApp(selectBuild);
  if (!build) return <LogView />;
  return (
    <div className="build-view">
      <ExportMenu />
      <FailureView />
      <SummaryView />
      <Deferred slot={1} label="Timeline">
        <TimelineView />
      </Deferred>
      <Deferred slot={2} label="Steps">
        <StepsView />
        <StepDetailView />
      </Deferred>
      <Deferred slot={3} label="Findings">
        <InsightsView />
      </Deferred>
      <Deferred slot={4} label="Time per step">
        <div className="two-col">
          <TimePerStepView />
          <TimePerKindView />
        </div>
      </Deferred>
      <Deferred slot={5} label="Cache">
        <CacheView />
      </Deferred>
      <Deferred slot={6} label="Whole log">
        <LogView />
      </Deferred>
    </div>
  );
}
