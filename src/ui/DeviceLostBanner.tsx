// Shown after the GPU device was lost: what happened, and that nothing the user made is gone.
import { useDeviceStatus } from '../state/device-status';

export function DeviceLostBanner() {
  const lost = useDeviceStatus((s) => s.lost);
  if (!lost) return null;
  return (
    <div className="banner device-lost" role="alert" data-testid="device-lost">
      <strong>The GPU device was lost.</strong> {lost} Your history and the current view are kept; the next run starts the models again on a
      new device (the first one takes longer while they load).
      <button className="link" onClick={() => useDeviceStatus.getState().setLost(undefined)}>
        dismiss
      </button>
    </div>
  );
}
