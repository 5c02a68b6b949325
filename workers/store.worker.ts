// Store worker: downloads model files into OPFS and imports picked ones. It must be a dedicated worker,
// because OPFS sync access handles (unbuffered positional writes, no whole-file copies) exist only there.
// Every call is a job of its own (src/leaf/jobs.ts), so pausing one set's download stops only that call.
import * as Comlink from 'comlink';
import { jobApi } from '../src/leaf/jobs';
import { createOpfsStore } from '../src/store/opfs-store';
import { storeApi } from '../src/store/store-api';

const api = jobApi(storeApi(createOpfsStore()));

export type StoreApi = typeof api;

Comlink.expose(api);
