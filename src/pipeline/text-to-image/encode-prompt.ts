// Prompt → UNet conditioning: tokenize with both tokenizers, run both CLIP encoders, assemble.
// Reports progress for stage 'text' (the caller wraps it in runStage).
import type { StageContext } from '../../runtime/context';
import { checkAbort } from '../../leaf/abort';
import { readFloats } from '../../leaf/float16';
import { assembleConditioning, type Conditioning } from './conditioning';
import { loadClipTokenizer, promptIds } from './tokenize';

export async function encodePrompt(ctx: StageContext, prompt: string): Promise<Conditioning> {
  const { set, signal } = ctx;
  const L = set.dims.textLength;
  const report = (step: number, label: string) => ctx.onProgress?.({ status: 'progress', stage: 'text', step, total: 3, label });

  report(0, 'tokenize');
  const [t1, t2] = await Promise.all([
    loadClipTokenizer(ctx.assets, set.tokenizers.clip1, signal),
    loadClipTokenizer(ctx.assets, set.tokenizers.clip2, signal),
  ]);
  const { ids1, ids2 } = promptIds(t1, t2, prompt, L);
  checkAbort(signal);

  report(1, 'encoder 1');
  const enc1 = await ctx.graphs.get('textEncoder');
  checkAbort(signal);
  const out1 = await enc1.run({ input_ids: { dtype: 'int32', dims: [1, L], data: ids1 } });
  checkAbort(signal);

  report(2, 'encoder 2');
  const enc2 = await ctx.graphs.get('textEncoder2');
  checkAbort(signal);
  const out2 = await enc2.run({ input_ids: { dtype: 'int64', dims: [1, L], data: ids2 } });
  checkAbort(signal);
  report(3, 'encoder 2');

  return assembleConditioning(
    set.dims,
    readFloats(out1['hidden_states.11']),
    readFloats(out2['hidden_states.31']),
    readFloats(out2.text_embeds),
  );
}
