// What to do about an error, by its name (the UI branches on `error.name`, never on its class), and by
// whether the browser is online: offline, a file that could not be fetched means the set is not stored
// in this browser, and "check your connection" would send the user the wrong way.
const ADVICE: Record<string, string> = {
  DeviceLostError: 'Try fewer parts, fewer tokens per part or a smaller grid.',
  ShaderF16SupportError: 'The app will use the CPU for these models; reload to try again.',
  GraphUnavailableError: 'Switch to the fixture set (?set=fixture) until these models can be downloaded.',
  GraphNotBuiltError: 'Open Models: the real set has a "Compile PartCrafter" section; once it has run, generate again.',
  GraphContractError: 'The model files do not match this version of the app; clear the model cache and reload.',
  ModelFileError: 'Clear the model cache and download the models again.',
  AssetFetchError: 'Check your connection and try again.',
  NotInstalledError: 'Open Models, install the set, then generate again.',
  WorkerCrashError: 'Press Generate to try again.',
};

export function errorAdvice(name: string, where: { online: boolean; setLabel: string }): string | undefined {
  if (name === 'AssetFetchError' && !where.online) {
    return `You are offline, and the ${where.setLabel} set is not installed in this browser. ` +
      'To work offline, install it once while online (Models → Install): an installed set runs with no network.';
  }
  return ADVICE[name];
}
