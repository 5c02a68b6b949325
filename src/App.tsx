// The page: controls on the left (prompt, stages, images, settings), the 3D view on the right.
import { useEffect } from 'react';
import { useCapabilities } from './state/capabilities';
import { useModels } from './state/models';
import { useSetReadiness } from './state/readiness';
import { useSettings } from './state/settings';
import { AdvancedPanel } from './ui/AdvancedPanel';
import { CapabilityBadge, WasmBanner } from './ui/Capabilities';
import { CandidateCount, CandidateGrid } from './ui/CandidateGrid';
import { DeviceLostBanner } from './ui/DeviceLostBanner';
import { DropTarget } from './ui/DropTarget';
import { ErrorBox } from './ui/ErrorBox';
import { HistoryStrip } from './ui/HistoryStrip';
import { ImageCards } from './ui/ImageCards';
import { ModelsButton, ModelsPanel } from './ui/model-manager/ModelsPanel';
import { PresetBar } from './ui/PresetBar';
import { PromptBar } from './ui/PromptBar';
import { RerollBar } from './ui/RerollBar';
import { ShortcutHelp } from './ui/ShortcutHelp';
import { StageStrip } from './ui/StageStrip';
import { ViewerPanel } from './ui/ViewerPanel';

export function App({ setWarning }: { setWarning?: string }) {
  const set = useSettings((s) => s.set);
  const notReady = useSetReadiness(set);
  useEffect(() => {
    void useCapabilities.getState().probe();
  }, []);

  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◆
          </span>{' '}
          Lumen <span className="muted">prompt → parts → points</span>
        </div>
        <span className="chip set-chip" data-testid="model-set" title={set.label}>
          set: {set.id}
        </span>
        <CapabilityBadge />
        <ModelsButton />
      </header>
      <WasmBanner />
      <DeviceLostBanner />
      {setWarning && <div className="banner">{setWarning}</div>}
      {notReady && (
        <div className="banner" data-testid="set-notice">
          {notReady}{' '}
          <button className="btn small" data-testid="set-notice-models" onClick={() => useModels.getState().setOpen(true)}>
            Open Models
          </button>
        </div>
      )}
      <main className="layout">
        <div className="controls">
          <PromptBar disabledReason={notReady} />
          <PresetBar />
          <CandidateCount />
          <CandidateGrid disabledReason={notReady} />
          <StageStrip />
          <RerollBar disabledReason={notReady} />
          <ErrorBox />
          <ImageCards />
          <HistoryStrip />
          <AdvancedPanel />
        </div>
        <ViewerPanel />
      </main>
      <DropTarget />
      <ModelsPanel />
      <ShortcutHelp />
    </div>
  );
}
