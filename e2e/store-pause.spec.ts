import { expect, test, type Page } from '@playwright/test';
import type { SetSpec } from './store-harness';
import { useStoreHarness } from './support/store-harness-setup';

// Two sets installing at once through the one store worker: pausing one stops that set's downloads only.
// The other set's file in flight at that moment (held open by the server) finishes and verifies, nothing
// of it is recorded as failed, and the paused set resumes where it stopped. Both directions are run, so
// neither the manifest set nor the Hub-shaped set is special.
const serverOf = useStoreHarness();

const FILE = 'image_encoder.onnx'; // the largest fixture file
const STALL = 6000;
type Outcome = Awaited<ReturnType<Window['lumenStore']['install']>>;

function spec(kind: SetSpec['kind'], faults: Record<string, string>): SetSpec & { session: string } {
  const session = `${kind}${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  return { kind, base: serverOf().url, query: `s=${session}`, faults, session };
}

const install = (page: Page, s: SetSpec, key: string) =>
  page.evaluate(([x, k]) => window.lumenStore.install(x, undefined, k), [s, key] as const);

function expectComplete(r: Outcome) {
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.result.failed).toEqual([]);
}

for (const [pausedKind, otherKind] of [
  ['manifest', 'hub'],
  ['hub', 'manifest'],
] as const) {
  test(`pausing the ${pausedKind} set's install leaves the ${otherKind} set's downloads running; both complete`, async ({ page }) => {
    // The paused set's file stalls after STALL bytes (in flight until the pause); the other's arrives
    // 8 s late, so it is in flight when the pause comes.
    const paused = spec(pausedKind, { [FILE]: `stall@${STALL}` });
    const other = spec(otherKind, { [FILE]: 'late@8000' });
    const pausedRun = install(page, paused, 'paused');
    const otherRun = install(page, other, 'other');

    // Pause once the stalled file has stored its first bytes and the other set's late file is being sent.
    const requested = (s: { session: string }) => serverOf().log.some((r) => r.session === s.session && r.path.endsWith(FILE));
    await expect
      .poll(async () => (await page.evaluate((n) => window.lumenStore.bytesDone('paused', n), FILE)) === STALL && requested(other), {
        intervals: [100],
      })
      .toBe(true);
    await page.evaluate(() => window.lumenStore.pause('paused'));

    const [p, o] = await Promise.all([pausedRun, otherRun]);
    expectComplete(o);
    const pausedOutcome = p.ok ? p.result.failed.map((f) => f.name) : [p.error.name];
    expect(pausedOutcome.length).toBeGreaterThan(0);
    expect(pausedOutcome.every((n) => n === 'AbortError')).toBe(true);

    // Resume: the stalled file continues from what it had (the server's second answer has no fault).
    const again = await install(page, paused, 'resumed');
    expectComplete(again);
    const asked = serverOf().log.filter((r) => r.session === paused.session && r.path.endsWith(FILE));
    expect(asked.map((r) => r.start ?? 0)).toEqual([0, STALL]);
  });
}
