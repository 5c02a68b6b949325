// Derive worker: makes float32 variants of a set's float16 graphs on this device (src/jobs/derive-api.ts),
// so a multi-gigabyte conversion never blocks the page or the download worker and never sits in memory whole.
import * as Comlink from 'comlink';
import { deriveApi } from '../src/jobs/derive-api';
import { jobApi } from '../src/leaf/jobs';
import { createOpfsStore } from '../src/store/opfs-store';

const api = jobApi(deriveApi(createOpfsStore()));

export type DeriveApi = typeof api;

Comlink.expose(api);
