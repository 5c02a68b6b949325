import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// The exploring features on the wasm execution provider (no WebGPU): candidates, re-roll from the parts
// stage, GLB export and the history all work the same.
test('without WebGPU: pick a candidate, re-roll its parts, export a GLB, reopen it from the history', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', 'false');
  await page.getByTestId('setting-candidates').selectOption('2');
  await setSettings(page, { numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 1500 });
  await page.getByTestId('prompt').fill('a mug');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('candidates')).toHaveAttribute('data-status', 'picking', { timeout: 240_000 });
  let seen = await sceneEventCount(page);
  await page.getByTestId('candidate-1').click();
  await nextSceneReady(page, seen);
  await expect(page.getByTestId('stage-image')).toHaveAttribute('data-status', 'reused');
  const first = await page.evaluate(() => window.__lumenTest!.cloudHash());

  await setSettings(page, { numParts: 3 });
  seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  expect(await nextSceneReady(page, seen)).toMatchObject({ parts: 3 });
  await expect(page.getByTestId('stage-cutout')).toHaveAttribute('data-status', 'reused');
  await expect(page.getByTestId('stage-parts')).toHaveAttribute('data-status', 'done');

  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-glb').click()]);
  const bytes = await readFile((await d.path())!);
  const gltf = await new GLTFLoader().parseAsync(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    '',
  );
  const meshes: THREE.Mesh[] = [];
  gltf.scene.traverse((o) => (o as THREE.Mesh).isMesh && meshes.push(o as THREE.Mesh));
  expect(meshes.map((m) => m.geometry.getAttribute('position').count)).toEqual(
    await page.evaluate(() => window.__lumenTest!.meshVertexCounts()),
  );
  expect(meshes).toHaveLength(3);

  await page.reload();
  await expect(page.getByTestId('history')).toHaveAttribute('data-count', /^[2-9]/);
  seen = await sceneEventCount(page);
  await page.getByTestId('history-open-1').click();
  await nextSceneReady(page, seen, 30_000);
  expect(await page.evaluate(() => window.__lumenTest!.cloudHash())).toBe(first);
  expect(errors).toEqual([]);
});
