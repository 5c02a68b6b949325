// Plans a streamed rewrite of a whole ModelProto: the main graph is walked field by field from the
// source; its initializers go through planTensor (bulk data stays a source range); every other message
// the derivation edits (nodes, value_info, sparse initializers, functions) is small and is read into
// memory and rewritten by the in-memory Deriver. A node is read whole, so one Constant node holding a
// huge tensor costs its size in memory; exporters put weights in initializers.
import type { SourceReader } from './byte-source';
import { type Deriver, GRAPH, MODEL } from './derive-float32';
import { bytesFieldPlan, rewriteStream, type Piece, type StreamField } from './stream-plan';
import { planTensor, scanTensor, type TensorPlan, type TensorPlanOptions, type TensorScan } from './stream-tensor';
import { WIRE, type Pieces } from './wire';

export interface ModelPlanOptions {
  /** Set for the float32 derivation; without it only initializers are re-planned (skeletons). */
  deriver?: Deriver;
  tensor: TensorPlanOptions;
  /** Told about every main-graph initializer. */
  onTensor?: (plan: TensorPlan, scan: TensorScan) => void;
}

/** Reads one small message and rewrites it in memory; a copy, so the plan never pins a read window. */
async function inMemory(r: SourceReader, f: StreamField, rewrite: (body: Uint8Array) => Pieces | null): Promise<Piece[] | null> {
  if (f.wire !== WIRE.bytes) return null;
  const body = (await r.bytes(f.bodyStart, f.bodyEnd - f.bodyStart)).slice();
  const out = rewrite(body);
  return out ? bytesFieldPlan(f.number, out) : null;
}

async function planGraph(r: SourceReader, g: StreamField, options: ModelPlanOptions): Promise<Piece[] | null> {
  const d = options.deriver;
  const s = d?.summary;
  return rewriteStream(r, g.bodyStart, g.bodyEnd, async (f) => {
    if (f.number === GRAPH.initializer && f.wire === WIRE.bytes) {
      const scan = await scanTensor(r, f.bodyStart, f.bodyEnd);
      const plan = planTensor(scan, options.tensor);
      if (plan.converted && s) s.initializers++;
      options.onTensor?.(plan, scan);
      return plan.body ? bytesFieldPlan(f.number, plan.body) : null;
    }
    if (!d || !s) return null;
    switch (f.number) {
      case GRAPH.node:
        return inMemory(r, f, (b) => d.node(b));
      case GRAPH.sparseInitializer:
        return d.counted(await inMemory(r, f, (b) => d.sparse(b)), () => s.initializers++);
      case GRAPH.input:
        return d.counted(await inMemory(r, f, (b) => d.valueInfo(b)), () => s.inputs++);
      case GRAPH.output:
        return d.counted(await inMemory(r, f, (b) => d.valueInfo(b)), () => s.outputs++);
      case GRAPH.valueInfo:
        return d.counted(await inMemory(r, f, (b) => d.valueInfo(b)), () => s.valueInfos++);
      default:
        return null;
    }
  });
}

/** The planned output of the whole model, or null when it comes out byte for byte the same. */
export async function planModel(r: SourceReader, options: ModelPlanOptions): Promise<Piece[] | null> {
  const d = options.deriver;
  return rewriteStream(r, 0, r.size, async (f) => {
    if (f.number === MODEL.graph && f.wire === WIRE.bytes) {
      const body = await planGraph(r, f, options);
      return body ? bytesFieldPlan(f.number, body) : null;
    }
    if (f.number === MODEL.functions && d) return inMemory(r, f, (b) => d.function(b));
    return null;
  });
}
