// What happens to a finished run's results besides showing them: its stage outputs become the starting
// point of the next run (re-roll from any stage).
import type { StageOutputs } from '../backends/run-plan';
import type { PointCloud } from '../pipeline/point-cloud';
import { useStageOutputs } from '../state/stage-outputs';

export function keepFinishedRun(outputs: StageOutputs | undefined, cloud: PointCloud): void {
  void cloud;
  useStageOutputs.getState().keep(outputs);
}
