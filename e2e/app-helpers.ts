// Shared steps for the app's e2e specs: error watching, settings, the scene-ready event and reading the
// canvas pixels back by palette colour.
import { expect, type Page } from '@playwright/test';
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

/**
 * Pixels of the WebGL canvas per palette colour (exact match within a small tolerance); with `border`,
 * only those on the canvas's outermost `border` rows and columns (where a part cut by the frame shows).
 */
export async function paletteCounts(page: Page, border?: number): Promise<number[]> {
  return page.evaluate(
    ([palette, band]) => {
      const src = document.querySelector('[data-testid="viewer"] canvas') as HTMLCanvasElement;
      const c = new OffscreenCanvas(src.width, src.height);
      const g = c.getContext('2d')!;
      g.drawImage(src, 0, 0);
      const d = g.getImageData(0, 0, src.width, src.height).data;
      const counts = new Array<number>(palette.length).fill(0);
      const w = src.width,
        h = src.height;
      for (let i = 0; i < d.length; i += 4) {
        const x = (i / 4) % w,
          y = Math.floor(i / 4 / w);
        if (band !== undefined && x >= band && x < w - band && y >= band && y < h - band) continue;
        for (let p = 0; p < palette.length; p++) {
          const [r, gg, b] = palette[p];
          if (Math.abs(d[i] - r) <= 6 && Math.abs(d[i + 1] - gg) <= 6 && Math.abs(d[i + 2] - b) <= 6) {
            counts[p]++;
            break;
          }
        }
      }
      return counts;
    },
    [PART_PALETTE, border] as const,
  );
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
