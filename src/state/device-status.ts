// Whether the GPU device was lost since the last good run: the page says so (and that the next run
// starts over on a new device) until a run finishes again.
import { create } from 'zustand';

interface DeviceStatusState {
  lost?: string;
  setLost(message: string | undefined): void;
}

export const useDeviceStatus = create<DeviceStatusState>((set) => ({
  setLost: (lost) => set({ lost }),
}));
