// Big results cross threads by transfer, never by copy (Comlink.transfer). Stage results are plain objects
// holding typed arrays at a few levels of nesting; this finds every buffer to hand over.

/** Every distinct, transferable ArrayBuffer reachable from `value` (typed arrays, nested objects). */
export function transferablesOf(value: unknown, maxDepth = 6): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > maxDepth || v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      // SharedArrayBuffers cannot be transferred; empty buffers may be shared constants.
      if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) found.add(v.buffer);
    } else if (v instanceof ArrayBuffer) {
      if (v.byteLength > 0) found.add(v);
    } else {
      for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x, depth + 1);
    }
  };
  visit(value, 0);
  return [...found];
}
