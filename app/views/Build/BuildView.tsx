import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { CacheView } from '../Cache/CacheView';
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
      <FailureView />
      <SummaryView />
      <TimelineView />
      <StepsView />
      <StepDetailView />
      <InsightsView />
      <div className="two-col">
        <TimePerStepView />
        <TimePerKindView />
      </div>
      <CacheView />
      <LogView />
    </div>
  );
}
