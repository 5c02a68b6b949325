// Node has Blob but no FileReader, which three's GLTFExporter uses to read its own Blobs back. This fills
// in the two methods it calls with Blob's standard async readers (the browser's own code path in the e2e).
class BlobFileReader {
  result: ArrayBuffer | string | null = null;
  onloadend: (() => void) | null = null;
  onload: (() => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((b) => this.finish(b));
  }
  readAsDataURL(blob: Blob): void {
    void blob
      .arrayBuffer()
      .then((b) => this.finish(`data:${blob.type || 'application/octet-stream'};base64,${Buffer.from(b).toString('base64')}`));
  }
  private finish(result: ArrayBuffer | string): void {
    this.result = result;
    this.onload?.();
    this.onloadend?.();
  }
}

export function installFileReader(): void {
  const g = globalThis as { FileReader?: unknown };
  g.FileReader ??= BlobFileReader;
}
