// What happens to a finished run's results besides showing them: its stage outputs become the starting
// point of the next run (re-roll from any stage), and the run goes into the history with a thumbnail of
// the view once the new cloud has been drawn.
import type { StageOutputs } from '../backends/run-plan';
import { thumbnailOfImage, thumbnailOfPicture } from '../history/thumbnail';
import type { PointCloud } from '../pipeline/point-cloud';
import { useDeviceStatus } from '../state/device-status';
import { useHistory } from '../state/history';
import { partNamesOf } from '../state/part-names';
import { useStageOutputs } from '../state/stage-outputs';
import { SCENE_READY_EVENT } from '../viewer/scene-ready';
import { viewPng } from '../viewer/view-handle';

/** Resolves after the next drawn scene, or after `ms` if none comes (e.g. a hidden tab). */
function nextDrawnScene(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (drawn: boolean) => {
      window.removeEventListener(SCENE_READY_EVENT, onReady);
      clearTimeout(timer);
      resolve(drawn);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    window.addEventListener(SCENE_READY_EVENT, onReady);
  });
}

export function keepFinishedRun(outputs: StageOutputs | undefined, cloud: PointCloud): void {
  useStageOutputs.getState().keep(outputs);
  useDeviceStatus.getState().setLost(undefined);
  if (!outputs) return;
  const drawn = nextDrawnScene(3000);
  void (async () => {
    const picture = (await drawn) ? await viewPng().catch(() => undefined) : undefined;
    const thumbnail = picture ? await thumbnailOfPicture(picture) : await thumbnailOfImage(outputs.cutout);
    await useHistory.getState().save(outputs, cloud, partNamesOf(cloud), thumbnail);
  })().catch((e: Error) => useHistory.setState({ error: `This run could not be kept in the history (${e.message}).` }));
}
