// A loaded graph is checked against its declared contract before the pipeline touches it, so a wrong
// file fails at load with every difference named, not deep inside a run with a shape error.
import type { GraphContract, TensorSpec } from '../../models/contracts';
import type { ValueInfo } from '../leaf/tensor';

export class GraphContractError extends Error {
  override name = 'GraphContractError';
  constructor(
    readonly key: string,
    readonly differences: string[],
  ) {
    super(`The model file for "${key}" is not the expected graph: ${differences.join('; ')}`);
  }
}

function compareShape(where: string, want: TensorSpec['shape'], got: ValueInfo['shape'], out: string[]): void {
  if (got.length !== want.length) {
    out.push(`${where} has rank ${got.length} [${got.join(',')}], expected rank ${want.length} [${want.join(',')}]`);
    return;
  }
  want.forEach((w, i) => {
    const g = got[i];
    // A symbolic dim on either side matches anything; two fixed dims must agree.
    if (typeof w === 'number' && typeof g === 'number' && g >= 0 && w !== g) {
      out.push(`${where} dim ${i} is ${g}, expected ${w}`);
    }
  });
}

function compareList(kind: 'input' | 'output', want: TensorSpec[], got: ValueInfo[], extraAllowed: boolean, out: string[]): void {
  for (const spec of want) {
    const found = got.find((g) => g.name === spec.name);
    if (!found) {
      out.push(`${kind} "${spec.name}" is missing (graph has ${got.map((g) => `"${g.name}"`).join(', ') || 'none'})`);
      continue;
    }
    if (found.dtype !== spec.dtype) out.push(`${kind} "${spec.name}" is ${found.dtype}, expected ${spec.dtype}`);
    compareShape(`${kind} "${spec.name}"`, spec.shape, found.shape, out);
  }
  if (!extraAllowed) {
    for (const g of got) {
      if (!want.some((s) => s.name === g.name)) out.push(`unexpected ${kind} "${g.name}"`);
    }
  }
}

/** Every difference between a graph and its contract, in plain words (empty when it matches). */
export function contractDifferences(contract: GraphContract, inputs: ValueInfo[], outputs: ValueInfo[]): string[] {
  const out: string[] = [];
  compareList('input', contract.inputs, inputs, false, out);
  compareList('output', contract.outputs, outputs, contract.extraOutputsAllowed ?? false, out);
  return out;
}

export function checkContract(contract: GraphContract, inputs: ValueInfo[], outputs: ValueInfo[]): void {
  const diffs = contractDifferences(contract, inputs, outputs);
  if (diffs.length) throw new GraphContractError(contract.key, diffs);
}
