// What to do about an error: the error table's advice (src/runtime/error-table.ts), except where it
// depends on the browser's state. Offline, a file that could not be fetched means the set is not stored in
// this browser, and "check your connection" would send the user the wrong way.
import { errorRow } from '../runtime/error-table';

export function errorAdvice(name: string, where: { online: boolean; setLabel: string }): string | undefined {
  if (name === 'AssetFetchError' && !where.online) {
    return (
      `You are offline, and the ${where.setLabel} set is not installed in this browser. ` +
      'To work offline, install it once while online (Models → Install): an installed set runs with no network.'
    );
  }
  return errorRow(name).advice || undefined;
}
