import { describe, expect, it } from 'vitest';
import { contractFor } from '../../models/contracts';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { checkContract, contractDifferences, GraphContractError } from './contract';
import type { ValueInfo } from '../leaf/tensor';

const te2 = contractFor(FIXTURE_SET, 'textEncoder2');
const asInfo = (specs: { name: string; dtype: string; shape: (number | string)[] }[]): ValueInfo[] =>
  specs.map((s) => ({ ...s, shape: [...s.shape] }));

describe('graph contracts', () => {
  it('accepts a graph that matches, with symbolic dims on either side and extra outputs where allowed', () => {
    const inputs = asInfo(te2.inputs).map((i) => ({ ...i, shape: ['batch_size', 'sequence_length'] }));
    const outputs = [...asInfo(te2.outputs), { name: 'hidden_states.0', dtype: 'float16', shape: [1, 16, 12] }];
    expect(contractDifferences(te2, inputs, outputs)).toEqual([]);
  });

  it('names a renamed input and lists what the graph has instead', () => {
    const inputs = [{ name: 'ids', dtype: 'int64', shape: [1, 16] }];
    const diffs = contractDifferences(te2, inputs, asInfo(te2.outputs));
    expect(diffs.join('\n')).toContain('input "input_ids" is missing (graph has "ids")');
    expect(diffs.join('\n')).toContain('unexpected input "ids"');
  });

  it('names a wrong dtype and a wrong fixed dim', () => {
    const inputs = [{ name: 'input_ids', dtype: 'int32', shape: [1, 77] }];
    const err = (() => {
      try {
        checkContract(te2, inputs, asInfo(te2.outputs));
      } catch (e) {
        return e as GraphContractError;
      }
    })();
    expect(err).toBeInstanceOf(GraphContractError);
    expect(err!.message).toContain('input "input_ids" is int32, expected int64');
    expect(err!.message).toContain('input "input_ids" dim 1 is 77, expected 16');
    expect(err!.message).toContain('textEncoder2');
  });

  it('rejects extra outputs where the contract does not allow them', () => {
    const unet = contractFor(FIXTURE_SET, 'unet');
    const outputs = [...asInfo(unet.outputs), { name: 'debug', dtype: 'float16', shape: [1] }];
    expect(contractDifferences(unet, asInfo(unet.inputs), outputs)).toEqual(['unexpected output "debug"']);
  });
});
