// Which picked file is which file of the set. A picked file carries the path it had under the folder
// the user chose (`sdxl-turbo/onnx/unet_model_q4f16.onnx`), or only its name when files were picked or
// dropped one by one. It matches a set file when its path ends with the set file's path inside its
// repository (`onnx/unet_model_q4f16.onnx`, or the fixture's `tokenizer/tokenizer.json`) or the whole set
// path; failing that, by name alone when the name is unique in the set (two tokenizer.json files are not).
import type { SetFile } from './set-files';

export interface PickedFile {
  /** '/'-separated path under the chosen folder, or just the name. */
  path: string;
  file: Blob;
}

export interface ImportPlan {
  matched: { target: SetFile; picked: PickedFile }[];
  /** Right name, wrong size: not the set's file (listed, never copied). */
  wrongSize: { target: SetFile; picked: PickedFile }[];
  /** Several picked files could be this one and none stands out. */
  ambiguous: { target: SetFile; picked: PickedFile[] }[];
  /** Set files no picked file matched. */
  missing: SetFile[];
  /** Picked files that are no file of the set. */
  unused: PickedFile[];
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const normalize = (p: string) => p.replace(/\\/g, '/').replace(/^\/+/, '');

/** Path suffixes a picked file may end with to be `f`, most specific first. */
function keysOf(f: SetFile): string[] {
  return [...new Set([f.path, ...(f.hub ? [`${f.hub.repo.split('/')[1]}/${f.hub.file}`, f.hub.file] : [])])];
}

function suffixScore(picked: string, f: SetFile): number {
  for (const key of keysOf(f)) if (picked === key || picked.endsWith(`/${key}`)) return key.length;
  return 0;
}

export function matchImport(files: SetFile[], picked: PickedFile[]): ImportPlan {
  const plan: ImportPlan = { matched: [], wrongSize: [], ambiguous: [], missing: [], unused: [] };
  const used = new Set<PickedFile>();
  const nameCount = new Map<string, number>();
  for (const f of files) nameCount.set(baseName(f.path), (nameCount.get(baseName(f.path)) ?? 0) + 1);

  for (const target of files) {
    let best = 0;
    let candidates: PickedFile[] = [];
    for (const p of picked) {
      const score = suffixScore(normalize(p.path), target);
      if (score > best) [best, candidates] = [score, [p]];
      else if (score === best && score > 0) candidates.push(p);
    }
    if (!candidates.length && nameCount.get(baseName(target.path)) === 1) {
      candidates = picked.filter((p) => baseName(normalize(p.path)) === baseName(target.path));
    }
    if (!candidates.length) {
      plan.missing.push(target);
      continue;
    }
    // Among equals, the one with the expected size (when it is known) wins.
    const sized = target.bytes === undefined ? candidates : candidates.filter((p) => p.file.size === target.bytes);
    for (const c of candidates) used.add(c);
    if (sized.length === 1) plan.matched.push({ target, picked: sized[0] });
    else if (sized.length > 1) plan.ambiguous.push({ target, picked: sized });
    else if (candidates.length === 1) plan.wrongSize.push({ target, picked: candidates[0] });
    else plan.ambiguous.push({ target, picked: candidates });
  }
  plan.unused = picked.filter((p) => !used.has(p));
  return plan;
}
