import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import {
  isLit,
  nextSceneReady,
  openApp,
  paletteCounts,
  paletteCountsOf,
  sceneEventCount,
  setSettings,
  shownPixels,
  watchErrors,
} from './app-helpers';
import { PART_PALETTE } from '../src/pipeline/palette';

// Exports of a real run on the fixture set: the GLB opens in three's GLTFLoader with one named mesh per
// part, the PNG is the view with the part colours in it, and the mesh display draws shaded parts.
test.describe.configure({ mode: 'serial' });

const K = 3;
let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  errors = watchErrors(page);
  await openApp(page);
  await setSettings(page, { numParts: K, partSteps: 2, gridResolution: 24, pointCount: 3000 });
  await page.getByTestId('prompt').fill('a lamp');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await nextSceneReady(page, seen);
});

test.afterAll(async () => {
  await page?.close();
});

async function download(testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFile((await d.path())!);
}

test('Export GLB: GLTFLoader reads K named meshes, each with its part mesh’s vertex count and colour', async () => {
  await page.getByTestId('legend-name-1').fill('lamp shade');
  await page.getByTestId('legend-name-1').press('Enter');
  const bytes = await download('export-glb');
  const gltf = await new GLTFLoader().parseAsync(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    '',
  );
  const nodes = (gltf.parser.json as { nodes: { name: string }[] }).nodes.map((n) => n.name);
  const meshes: THREE.Mesh[] = [];
  gltf.scene.traverse((o) => (o as THREE.Mesh).isMesh && meshes.push(o as THREE.Mesh));
  expect(meshes).toHaveLength(K);
  expect(nodes).toEqual(['Part 1', 'lamp shade', 'Part 3']);
  // The page's own part meshes, read back from the store through the test surface.
  const counts = await page.evaluate(() => window.__lumenTest!.meshVertexCounts());
  expect(meshes.map((m) => m.geometry.getAttribute('position').count)).toEqual(counts);
  for (const c of counts) expect(c).toBeGreaterThan(50);
  meshes.forEach((m, p) => {
    const c = (m.material as THREE.MeshStandardMaterial).color.getRGB(new THREE.Color(), THREE.SRGBColorSpace);
    expect([c.r, c.g, c.b].map((x) => Math.round(x * 255))).toEqual(PART_PALETTE[p]);
  });
  // The PLY keeps the new name too.
  const ply = (await download('export-ply')).toString('latin1');
  expect(ply).toContain('comment part 1 lamp_shade');
});

test('Export PNG: a non-empty picture of the view holding every part colour', async () => {
  const png = await download('export-png');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const counts = paletteCountsOf(png);
  for (let p = 0; p < K; p++) expect(counts[p], `part ${p} colour in the PNG`).toBeGreaterThan(30);
  for (let p = K; p < counts.length; p++) expect(counts[p]).toBeLessThan(5);
});

test('the mesh display draws shaded part surfaces instead of points, and back', async () => {
  const pointsPixels = await paletteCounts(page);
  await page.getByTestId('display-mesh').click();
  await expect(page.getByTestId('display-mesh')).toHaveAttribute('aria-checked', 'true');
  // Shaded surfaces are never exactly a palette colour at every pixel, and they cover far more of the view.
  const lit = async () => {
    const { data: d } = await shownPixels(page);
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (isLit(d, i)) n++;
    return n;
  };
  await expect.poll(lit).toBeGreaterThan(1.5 * pointsPixels.reduce((a, b) => a + b, 0));
  await page.getByTestId('display-points').click();
  await expect.poll(async () => (await paletteCounts(page))[0]).toBeGreaterThan(30);
  expect(errors).toEqual([]);
});
