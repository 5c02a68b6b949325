// A request from the wire, checked before any work: the set exists, the prompt and picture are within
// bounds (a picture's size is read from its declared dims and the length of its base64 text, never by
// decoding it first), and the numeric settings are held to the same bounds as the app's own
// (src/pipeline/bounds.ts), so the server and the settings panel can never disagree about what a request means.
import type { ModelSet } from '../models/model-set';
import { decodeImage, type WireRequest } from '../src/backends/remote-wire';
import type { GenerateRequest } from '../src/pipeline/request';
import { RequestBoundsError, requestIssues } from '../src/pipeline/bounds';
import { defaultSettings, type Settings } from '../src/pipeline/settings';

export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

export interface InputBounds {
  /** Longest prompt, in characters (CLIP reads 77 tokens; far longer text is no use, only load). */
  maxPromptChars: number;
  /** Largest picture, in pixels. */
  maxImagePixels: number;
}

export const DEFAULT_BOUNDS: InputBounds = { maxPromptChars: 2000, maxImagePixels: 2048 * 2048 };

/** Checks and clamps; the result is still wire-shaped (what the queue carries) and small. */
export function checkRequest(body: unknown, sets: ReadonlyMap<string, ModelSet>, bounds: InputBounds = DEFAULT_BOUNDS): WireRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The body must be a JSON generate request.');
  const w = body as Partial<WireRequest>;
  const set = typeof w.setId === 'string' ? sets.get(w.setId) : undefined;
  if (!set)
    throw new BadRequestError(`This server has no model set "${String(w.setId).slice(0, 40)}"; it has ${[...sets.keys()].join(', ')}.`);
  if (typeof w.prompt !== 'string') throw new BadRequestError('The request needs a prompt (a string, empty with an image).');
  if (w.prompt.length > bounds.maxPromptChars) {
    throw new BadRequestError(`The prompt has ${w.prompt.length} characters; this server takes at most ${bounds.maxPromptChars}.`);
  }
  const img = w.image;
  if (img !== undefined) {
    if (!img || typeof img !== 'object' || typeof img.rgba !== 'string')
      throw new BadRequestError('The image must be {width, height, rgba: base64}.');
    const { width, height } = img;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new BadRequestError('The image needs whole positive width and height.');
    if (width * height > bounds.maxImagePixels) {
      throw new BadRequestError(
        `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP); this server takes at most ${(bounds.maxImagePixels / 1e6).toFixed(1)} MP.`,
      );
    }
    const expected = 4 * Math.ceil((width * height * 4) / 3);
    if (img.rgba.length !== expected)
      throw new BadRequestError(`An image of ${width}×${height} needs ${expected} base64 characters of RGBA, not ${img.rgba.length}.`);
  }
  if (!img && !w.prompt.trim()) throw new BadRequestError('The request needs a prompt or an image.');
  const base = defaultSettings(set);
  // Fields the request gives replace the defaults, as given: a value out of range (or not a number) is
  // refused with the app's own sentence, never clamped in silence.
  const settings: Record<string, unknown> = { ...base };
  for (const k of Object.keys(base)) if (k in w) settings[k] = (w as Record<string, unknown>)[k];
  // The picture was checked above on its wire form (dims and base64 length, not decoded), so the pipeline's
  // image issues are not asked again here.
  const issues = requestIssues(set, { ...settings, setId: set.id, prompt: w.prompt, image: img ? {} : undefined }).filter(
    (i) => i.field !== 'image',
  );
  if (issues.length) throw new BadRequestError(new RequestBoundsError(issues).message);
  return {
    ...(settings as unknown as Settings),
    setId: set.id,
    prompt: w.prompt,
    image: img && { width: img.width, height: img.height, rgba: img.rgba },
  };
}

/** The checked wire request as the stages take it (the picture decoded). */
export function toGenerateRequest(w: WireRequest): GenerateRequest {
  return { ...w, image: w.image && decodeImage(w.image) };
}
