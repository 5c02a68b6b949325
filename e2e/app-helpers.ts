// Shared steps for the app's e2e specs: error watching, settings, the scene-ready event and reading the
// canvas pixels back by palette colour.
import { expect, type Page } from '@playwright/test';
import { decode as decodePng } from 'fast-png';
import { PART_PALETTE } from '../src/pipeline/palette';

export interface SceneReady {
  points: number;
  parts: number;
  visibleParts: number;
  visible: number[];
  frames: number;
}

declare global {
  interface Window {
    __sceneEvents: SceneReady[];
  }
}

/**
 * onnxruntime-web prints its own warnings ("[W:onnxruntime:...] Some nodes were not assigned to the
 * preferred execution providers") through console.error; their severity tag says they are warnings.
 */
const ORT_WARNING = /\[W:onnxruntime:/;

/** Collects uncaught errors and console errors for the whole page life. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !ORT_WARNING.test(m.text())) errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}

/**
 * Opens the app (on the preview server, or at `origin` when given) and waits for the capability probe.
 * The specs exercise WebGPU, which here is SwiftShader, a software adapter the app would otherwise leave
 * for wasm: unless the query names a provider, WebGPU is forced (`ep=webgpu`). e2e/placement.spec.ts
 * checks the automatic choice.
 */
export async function openApp(page: Page, query = '?set=fixture', origin = ''): Promise<void> {
  if (!/[?&]ep=/.test(query)) query += `${query.includes('?') ? '&' : '?'}ep=webgpu`;
  await page.addInitScript(() => {
    window.__sceneEvents = [];
    window.addEventListener('lumen:scene-ready', (e) => window.__sceneEvents.push((e as CustomEvent<SceneReady>).detail));
  });
  await page.goto(`${origin}/${query}`);
  // The probe has finished once the badge says what it found.
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', /true|false/);
}

export type UiSettings = Partial<
  Record<'seed' | 'imageSteps' | 'numParts' | 'guidance' | 'partSteps' | 'gridResolution' | 'pointCount', number>
>;

export async function setSettings(page: Page, s: UiSettings): Promise<void> {
  const panel = page.getByTestId('advanced');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  for (const [key, value] of Object.entries(s)) {
    const input = page.getByTestId(`setting-${key}`);
    await input.fill(String(value));
    await input.blur();
    await expect(input).toHaveValue(String(value));
  }
}

export async function sceneEventCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__sceneEvents.length);
}

/** The first scene-ready event after `after` events had been seen. */
export async function nextSceneReady(page: Page, after: number, timeout = 240_000): Promise<SceneReady> {
  await page.waitForFunction((n) => window.__sceneEvents.length > n, after, { timeout });
  return page.evaluate((n) => window.__sceneEvents[n], after);
}

/** RGBA pixels of a PNG, decoded here in Node (the app's PNGs are 8-bit RGBA). */
export function pngPixels(png: Buffer): { width: number; height: number; data: Uint8Array } {
  const { width, height, data, channels, depth } = decodePng(png);
  if (channels !== 4 || depth !== 8) throw new Error(`expected an 8-bit RGBA PNG, got ${channels} channels of ${depth} bits`);
  return { width, height, data: data as Uint8Array };
}

/** The 3D view as the page shows it: its canvas as a PNG. */
export async function shownPng(page: Page): Promise<Buffer> {
  const url = await page.evaluate(() => document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')!.toDataURL('image/png'));
  return Buffer.from(url.split(',')[1], 'base64');
}

/** The 3D view's pixels, as the page shows them. */
export async function shownPixels(page: Page): Promise<{ width: number; height: number; data: Uint8Array }> {
  return pngPixels(await shownPng(page));
}

/** Pixel `i` (an RGBA offset) is lit: brighter than the view's dark background. */
export const isLit = (d: Uint8Array, i: number): boolean => d[i] + d[i + 1] + d[i + 2] > 120;

/**
 * Pixels per palette colour (exact match within a small tolerance) in a PNG; with `border`, only those on
 * its outermost `border` rows and columns (where a part cut by the frame shows).
 */
export function paletteCountsOf(png: Buffer, border?: number): number[] {
  const { width: w, height: h, data: d } = pngPixels(png);
  const counts = new Array<number>(PART_PALETTE.length).fill(0);
  for (let i = 0; i < d.length; i += 4) {
    const x = (i / 4) % w,
      y = Math.floor(i / 4 / w);
    if (border !== undefined && x >= border && x < w - border && y >= border && y < h - border) continue;
    const p = PART_PALETTE.findIndex(([r, g, b]) => Math.abs(d[i] - r) <= 6 && Math.abs(d[i + 1] - g) <= 6 && Math.abs(d[i + 2] - b) <= 6);
    if (p >= 0) counts[p]++;
  }
  return counts;
}

/** Pixels of the 3D view per palette colour; with `border`, only on its outermost rows and columns. */
export async function paletteCounts(page: Page, border?: number): Promise<number[]> {
  return paletteCountsOf(await shownPng(page), border);
}

/** Every stage that is not skipped (or reused from the last run, for a re-roll) has reached done. */
export async function expectAllStagesDone(page: Page, skipped: string[] = [], reused: string[] = []): Promise<void> {
  for (const id of ['text', 'image', 'cutout', 'parts', 'points']) {
    const status = skipped.includes(id) ? 'skipped' : reused.includes(id) ? 'reused' : 'done';
    await expect(page.getByTestId(`stage-${id}`)).toHaveAttribute('data-status', status);
  }
}

/** A PNG of a dark disc on white, drawn in the page (no image files in the repo). */
export async function discPng(page: Page, size = 96): Promise<Buffer> {
  const b64 = await page.evaluate(async (n) => {
    const c = new OffscreenCanvas(n, n);
    const g = c.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, n, n);
    g.fillStyle = '#202a3a';
    g.beginPath();
    g.arc(n / 2, n / 2, n * 0.3, 0, 2 * Math.PI);
    g.fill();
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let s = '';
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  }, size);
  return Buffer.from(b64, 'base64');
}
