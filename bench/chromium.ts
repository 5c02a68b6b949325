// The Chromium every browser bench launches: Debian's, kept quiet (no background traffic or updates that
// would share the two cores with what is measured), with SwiftShader's WebGPU where the bench wants it.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];
