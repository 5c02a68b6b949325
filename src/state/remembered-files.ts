// A set's file list comes from its manifest on the network (the fixture set's manifest.json). Offline the
// page must still list, verify and delete what is installed, so the last list that loaded is kept.
import type { ModelSet } from '../../models/model-set';
import type { SetFile } from '../store/set-install';

type Prefs = Pick<Storage, 'getItem' | 'setItem'>;
const key = (setId: string) => `lumen.set-files.${setId}`;

export async function rememberedFiles(set: ModelSet, load: () => Promise<SetFile[]>, prefs?: Prefs): Promise<SetFile[]> {
  try {
    const files = await load();
    prefs?.setItem(key(set.id), JSON.stringify(files));
    return files;
  } catch (e) {
    const saved = prefs?.getItem(key(set.id));
    if (saved) return JSON.parse(saved) as SetFile[];
    throw e;
  }
}
