import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import type { SetFile } from '../store/set-install';
import { rememberedFiles } from './remembered-files';

function memoryPrefs() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('rememberedFiles', () => {
  it('keeps the last list that loaded and answers with it when the manifest cannot be fetched', async () => {
    const prefs = memoryPrefs();
    const files: SetFile[] = [{ path: 'unet.onnx', storePath: 'fixture/unet.onnx', url: 'http://x/unet.onnx', bytes: 10, sha256: 'ab' }];
    expect(await rememberedFiles(FIXTURE_SET, async () => files, prefs)).toEqual(files);
    const offline = async (): Promise<SetFile[]> => {
      throw new TypeError('Failed to fetch');
    };
    expect(await rememberedFiles(FIXTURE_SET, offline, prefs)).toEqual(files);
    await expect(rememberedFiles(FIXTURE_SET, offline, memoryPrefs())).rejects.toThrow('Failed to fetch');
  });
});
