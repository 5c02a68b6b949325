import { expect, test, type Page } from '@playwright/test';
import type { SetSpec } from './store-harness';
import { useStoreHarness } from './support/store-harness-setup';

// Two sets installing at once through the one store worker: pausing one stops that set's downloads only.
// The other set's file in flight at that moment (held open by the server) finishes and verifies, nothing
// of it is recorded as failed, and the paused set resumes where it stopped. Both directions are run, so
// neither the manifest set nor the Hub-shaped set is special.
const serverOf = useStoreHarness();

const FILE = 'image_encoder.onnx'; // the largest fixture file
type Outcome = Awaited<ReturnType<Window['lumenStore']['install']>>;

function spec(kind: SetSpec['kind'], faults: Record<string, string>): SetSpec {
  return { kind, base: serverOf().url, query: `s=${kind}${Date.now()}${Math.random().toString(36).slice(2, 6)}`, faults };
}

/** Installs both at once and pauses `paused` after `ms`; the other runs on. */
const installBoth = (page: Page, paused: SetSpec, other: SetSpec, ms: number) =>
  page.evaluate(([p, o, t]) => Promise.all([window.lumenStore.install(p, undefined, t), window.lumenStore.install(o)]), [paused, other, ms] as const);

function expectComplete(r: Outcome) {
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.result.failed).toEqual([]);
}

for (const [pausedKind, otherKind] of [['manifest', 'hub'], ['hub', 'manifest']] as const) {
  test(`pausing the ${pausedKind} set's install leaves the ${otherKind} set's downloads running; both complete`, async ({ page }) => {
    // The paused set's file stalls (in flight until the pause); the other's arrives 2.5 s late, so it is
    // in flight when the pause comes at 1 s.
    const paused = spec(pausedKind, { [FILE]: 'stall@6000' });
    const other = spec(otherKind, { [FILE]: 'late@2500' });
    const [p, o] = await installBoth(page, paused, other, 1000);

    expectComplete(o);
    const pausedOutcome = p.ok ? p.result.failed.map((f) => f.name) : [p.error.name];
    expect(pausedOutcome.every((n) => n === 'AbortError')).toBe(true);
    expect(pausedOutcome.length).toBeGreaterThan(0);

    // Resume: the stalled file continues from what it had (the server's second answer has no fault).
    const again = await page.evaluate((s) => window.lumenStore.install(s), paused);
    expectComplete(again);
    const resumed = serverOf().log.filter((r) => r.session === paused.query!.slice(2) && r.path.endsWith(FILE));
    expect(resumed.map((r) => r.start ?? 0)).toEqual([0, 6000]);
  });
}
