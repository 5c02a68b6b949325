// Compile worker: builds a set's PartCrafter graphs from the official checkpoint into the model store
// (src/jobs/compile-api.ts, compile-job.ts). A dedicated worker, because OPFS sync access handles
// (positional writes, no whole-file copies) exist only there; the checkpoint is read tensor by tensor
// with HTTP Range requests, so no checkpoint or output file is ever whole in memory.
import * as Comlink from 'comlink';
import { jobApi } from '../src/leaf/jobs';
import { compileApi } from '../src/jobs/compile-api';
import { createOpfsStore } from '../src/store/opfs-store';

const api = jobApi(compileApi(createOpfsStore()));

export type CompileApi = typeof api;

Comlink.expose(api);
