// Dev and preview must be cross-origin isolated (onnxruntime-web's wasm threads need SharedArrayBuffer),
// and ORT's wasm files must come from our own origin, never a CDN. The `ortAssets` plugin serves them at
// <base>/ort/ in dev and emits them there in the build; src/runtime/ort-web.ts points wasmPaths at it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
const ortDist = `${root}node_modules/onnxruntime-web/dist/`;
/**
 * The glue and binary the onnxruntime-web/webgpu build loads at run time (WebGPU EP + wasm EP): its JSPI
 * build where the browser has JSPI, its asyncify build elsewhere (src/runtime/ort-web.ts picks).
 */
const ORT_FILES = [
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.jspi.mjs',
  'ort-wasm-simd-threaded.jspi.wasm',
];

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Vite applies server.headers only in some of its responders; set them first on every response so
// workers, wasm and model files are all served isolated too.
const isolate: Connect.NextHandleFunction = (_req, res, next) => {
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
  next();
};

function ortAssets(): Plugin {
  let base = '/';
  const serveOrt: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    const file = ORT_FILES.find((f) => path === `${base}ort/${f}`);
    if (!file) return next();
    res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(readFileSync(ortDist + file));
  };
  return {
    name: 'lumen-ort-assets',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use(isolate);
      server.middlewares.use(serveOrt);
    },
    configurePreviewServer(server) {
      server.middlewares.use(isolate);
    },
    generateBundle() {
      for (const file of ORT_FILES) {
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(ortDist + file) });
      }
    },
  };
}

// The production build holds the app only. `--mode e2e` (npm run build:e2e, which Playwright and the
// bench serve) adds the small harness pages the browser tests drive (ORT smoke, local backend, store,
// sessions from OPFS, real-size graphs through the store) and writes to its own folder, so test code
// never reaches dist/ or its precache.
export const E2E_MODE = 'e2e';
export const E2E_OUT_DIR = 'dist-e2e';
const appPages: Record<string, string> = { main: `${root}index.html` };
const harnessPages: Record<string, string> = {
  harness: `${root}e2e/harness.html`,
  backend: `${root}e2e/backend-harness.html`,
  store: `${root}e2e/store-harness.html`,
  opfs: `${root}e2e/opfs-harness.html`,
  realsize: `${root}e2e/realsize-harness.html`,
};

// Offline: a Workbox service worker precaches the app shell and ORT's wasm/mjs (both builds, 27 + 17 MB,
// over Workbox's 2 MB default: a browser update can add JSPI, and the app must still start offline after
// it). Model files are never precached: the store keeps them in OPFS and the stages read them from there
// (the fixture set too, so an offline run proves the OPFS path). The SW answers from its cache with the
// headers the server sent at precache time, COOP/COEP included, so the page stays cross-origin isolated
// offline (e2e/offline.spec.ts checks crossOriginIsolated).
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: false, // src/main.tsx registers it (virtual:pwa-register)
  includeManifestIcons: false, // globPatterns already take every icon
  manifest: {
    name: 'Lumen — prompt to part-segmented point cloud',
    short_name: 'Lumen',
    description: 'Type a sentence, get a 3D object made of parts, on your own GPU. Works offline once the models are installed.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    background_color: '#0b0e14',
    theme_color: '#0b0e14',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png,webmanifest}'],
    // Model files live in OPFS; the e2e build's harness pages are test tools, not the app.
    globIgnores: ['models/**', 'e2e/**'],
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    // Any navigation inside the app (`/?set=fixture` included) gets the cached shell.
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/e2e\//, /^\/models\//],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  },
});

export default defineConfig(({ mode }) => ({
  plugins: [react(), ortAssets(), pwa],
  resolve: {
    // The non-bundled build: it loads the glue from wasmPaths instead of embedding a second copy and
    // dragging the 26 MB wasm through Vite's `new URL(..., import.meta.url)` asset handling.
    alias: [{ find: /^onnxruntime-web\/webgpu$/, replacement: `${ortDist}ort.webgpu.min.mjs` }],
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS, port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: mode === E2E_MODE ? E2E_OUT_DIR : 'dist',
    rollupOptions: { input: mode === E2E_MODE ? { ...appPages, ...harnessPages } : appPages },
    // ORT's minified glue is large; its size is not ours to fix.
    chunkSizeWarningLimit: 1500,
  },
}));
