// Whether the chosen set can generate on this device: every downloaded file installed and every graph
// that is built on the device (PartCrafter) compiled for it. The fixture set is served with the app and
// always ready; on a remote backend readiness is the server's to say.
import { useEffect } from 'react';
import type { ModelSet } from '../../models/model-set';
import { useBackendChoice } from './backend-choice';
import { allCompiled, type CompileView, useCompile } from './compile';
import { type SetView, useModels } from './models';

/** Why `set` cannot generate here yet, in plain words, or undefined when it can. */
export function readinessReason(set: ModelSet, models: SetView | undefined, compile: CompileView | undefined): string | undefined {
  if (set.kind !== 'real') return undefined;
  const files = models?.files;
  if (!files) return 'Checking which of this set’s files this browser holds…';
  const missing = files.filter((f) => models.states[f.storePath]?.kind !== 'complete').length;
  const needsCompile = Object.values(set.graphs).some((g) => g.builtOnDevice) && !allCompiled(compile?.graphs, compile?.choice);
  if (!missing && !needsCompile) return undefined;
  const what = [
    missing ? `${missing} of ${files.length} model files are not installed` : '',
    needsCompile ? 'the PartCrafter graphs are not compiled for this device yet' : '',
  ]
    .filter(Boolean)
    .join(', and ');
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}. Open Models to install and compile them; it happens once, and they stay in this browser.`;
}

/** The reason for the page's set, kept current with the model store and the compile state. */
export function useSetReadiness(set: ModelSet): string | undefined {
  const models = useModels((s) => s.sets[set.id]);
  const compile = useCompile((s) => s.sets[set.id]);
  const remote = useBackendChoice((s) => s.kind === 'remote');
  useEffect(() => {
    if (set.kind !== 'real') return;
    void useModels.getState().refresh(set.id);
    void useCompile.getState().refresh(set.id);
  }, [set]);
  return remote ? undefined : readinessReason(set, models, compile);
}
