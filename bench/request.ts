import { FIXTURE_SET } from '../models/sets/fixture';
import { defaultSettings } from '../src/pipeline/settings';

/** The run every bench measures: the fixture set with the app's default settings (what the page uses). */
export const BENCH_REQUEST = { prompt: 'a wise old owl', ...defaultSettings(FIXTURE_SET) };
