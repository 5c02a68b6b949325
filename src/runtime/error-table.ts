// The one table of errors a user can meet: for each error class (by its `name`, which survives a comlink
// boundary where the class does not), a heading, plain advice that adds to the message rather than
// repeating it, and its scope. describeError (errors.ts) and the error box read the heading and advice;
// the geometry stage reads the scope to tell a failure that stops the run from one that loses one part.
// error-table.test.ts checks that every exported error class in the project has a row, and each row a class.

/**
 * run: nothing after it can succeed (cancel, device, model files), so the whole run stops;
 * item: one part, file or tensor failed and the rest go on;
 * input: the request, picture or setting is at fault, and the user changes it.
 */
export type ErrorScope = 'run' | 'item' | 'input';

export interface ErrorRow {
  title: string;
  /** What to do, in plain words; '' when the message already says it. */
  advice: string;
  scope: ErrorScope;
}

const row = (title: string, scope: ErrorScope, advice = ''): ErrorRow => ({ title, advice, scope });

export const ERROR_TABLE: Record<string, ErrorRow> = {
  // Cancel
  AbortError: row('Cancelled', 'run'),
  // Device and runtime
  WebGPUNotAvailableError: row('WebGPU is not available', 'run', 'A browser with WebGPU enabled runs the models on the GPU.'),
  ShaderF16SupportError: row('GPU lacks 16-bit float support', 'run', 'The app will use the CPU for these models; reload to try again.'),
  DeviceLostError: row('The GPU stopped (often out of memory)', 'run', 'Try fewer parts, fewer tokens per part or a smaller grid.'),
  WasmMemoryError: row('Out of CPU (wasm) memory: the 4 GiB limit', 'run'),
  WorkerCrashError: row('A background worker crashed', 'run', 'Press Generate to try again.'),
  RemoteServerError: row('The server failed', 'run', 'Try again, or switch to this device in the backend picker.'),
  // Model files the stages load
  ModelFileError: row('A model file is wrong or corrupt', 'run', 'Clear the model cache and download the models again.'),
  GraphContractError: row(
    'A model file is not the expected graph',
    'run',
    'The model files do not match this version of the app; clear the model cache and reload.',
  ),
  GraphUnavailableError: row(
    'This model is not available yet',
    'run',
    'Switch to the fixture set (?set=fixture) until these models can be downloaded.',
  ),
  GraphNotBuiltError: row('A model must be compiled on this device first', 'run'),
  MissingExternalDataError: row(
    "A model's weights file is missing",
    'run',
    'Open Models and install the set again: it fetches what is missing.',
  ),
  NotInstalledError: row('A model file is not installed', 'run'),
  AssetFetchError: row('A file could not be downloaded', 'run', 'Check your connection and try again.'),
  TokenizerFileError: row(
    'A tokenizer file is not usable',
    'run',
    'Open Models and verify the set: a damaged file is deleted and fetched again.',
  ),
  // The request and its input
  InvalidStepCountError: row('Unsupported number of steps', 'input'),
  PartsSettingsError: row('Unsupported parts settings', 'input', 'Reset the settings to the preset and try again.'),
  GeometrySettingsError: row('Unsupported geometry settings', 'input', 'Reset the settings to the preset and try again.'),
  ImageFileError: row('This picture cannot be used', 'input', 'Try a PNG, JPEG or WebP file.'),
  BlackImageError: row('The picture is all black', 'input', 'Use a picture with a visible object.'),
  NoObjectError: row('No object in the picture', 'input'),
  BadRequestError: row('The request was refused', 'input'),
  RequestBoundsError: row('A setting or input is out of range', 'input'),
  Base64Error: row('The data is not valid base64', 'input'),
  // A Lumen server's jobs
  QueueFullError: row('The server is busy', 'run', 'Wait a little and submit again.'),
  ShuttingDownError: row('The server is restarting', 'run', 'Submit the job again in a moment.'),
  WorkerLostError: row('The GPU worker stopped', 'run', 'Submit the job again.'),
  // One part's geometry
  NoSurfaceError: row('A part has no surface', 'item', 'Try another seed, or more steps for the parts.'),
  FieldShapeError: row('A part came back malformed', 'item', 'This is a bug; please report it with the settings used.'),
  // The model store
  HostSettingsError: row('The host address is not usable', 'input'),
  InsufficientStorageError: row('Not enough storage', 'run'),
  StorageQuotaError: row('The browser refused more storage', 'run'),
  HashMismatchError: row('A download did not match its hash', 'item', 'Install again to fetch it afresh.'),
  SizeMismatchError: row('A download has the wrong size', 'item'),
  IncompleteDownloadError: row('A download ended early', 'item'),
  DownloadHttpError: row('The host refused a file', 'item'),
  DownloadNetworkError: row('A download lost its connection', 'item', 'Install again when the connection is back: it resumes.'),
  FileBusyError: row('A file is busy', 'item', 'Wait for the running install or check to end.'),
  UnknownHashError: row('A file has no known hash yet', 'run'),
  HostMetadataError: row("The host's file list could not be read", 'run'),
  ImportMismatchError: row('A picked file is not the expected one', 'item'),
  // Making graphs on this device (compile, float32 variants)
  CompileStepError: row('Compiling stopped', 'run'),
  CompileOptionsError: row('Unsupported compile options', 'input'),
  CompiledTensorError: row('A compiled tensor is wrong', 'run', 'Delete the compiled graphs in Models and compile again.'),
  CheckpointError: row('The checkpoint cannot be read', 'run'),
  CheckpointConfigError: row("The checkpoint's configuration is not the expected one", 'run'),
  SafetensorsFormatError: row('A checkpoint file is damaged', 'run', 'Check that the host serves the official checkpoint files.'),
  TensorListError: row("The checkpoint's tensors are not the expected ones", 'run'),
  HttpRangeError: row(
    'The checkpoint host cannot serve parts of files',
    'run',
    'Use a host that answers HTTP Range requests (huggingface.co does).',
  ),
  ExternalDataNeededError: row('A float32 graph is too large for one file', 'run'),
  ExternalHalfDataError: row("A graph's float16 weights are in a separate file", 'run'),
  // Keeping and exporting what a run made
  HistoryStorageError: row('The run history could not be kept', 'item', 'The run on screen is not affected.'),
  NothingToExportError: row('Nothing to export', 'input', 'Show at least one part that has a surface, then export again.'),
};

const UNKNOWN: ErrorRow = row('Something went wrong', 'item');

export function errorRow(name: string): ErrorRow {
  return ERROR_TABLE[name] ?? UNKNOWN;
}

/** Whether an error of this name stops the whole run (not just the step or part it happened in). */
export function stopsRun(name: string): boolean {
  return errorRow(name).scope === 'run';
}
