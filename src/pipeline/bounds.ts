// Every input a run accepts, with its stated bound and a plain message when a value is outside it. The app
// (buildRequest clamps the settings, the local backend checks the rest) and the server (before any work,
// answering 400) both go through validateRequest, so a bad value never fails deep inside a stage.
import type { ModelSet } from '../../models/model-set';
import type { GenerateRequest } from './request';

/** CLIP reads 77 tokens (a few hundred characters); this leaves room for pasted text and no more. */
export const MAX_PROMPT_CHARS = 10_000;
/**
 * Longest side of a request's image: what the upload path scales a photo down to. The cutout caps photos
 * at 2000 px anyway (upstream's rule), so nothing larger would be used.
 */
export const MAX_IMAGE_SIDE = 2048;
/** An uploaded file: its size on disk, and its decoded pixels before it is scaled down. */
export const MAX_UPLOAD_BYTES = 50 * 2 ** 20;
export const MAX_UPLOAD_PIXELS = 64 * 2 ** 20;

/**
 * The largest JSON body a valid request can need on the wire (remote-wire.ts): the image's RGBA as base64,
 * the prompt as UTF-8 with every character escaped at worst, and room for the settings.
 */
export const MAX_REQUEST_BODY_BYTES = 4 * Math.ceil((MAX_IMAGE_SIDE * MAX_IMAGE_SIDE * 4) / 3) + 6 * MAX_PROMPT_CHARS + 4096;

type RangeField = 'seed' | 'imageSteps' | 'numParts' | 'guidance' | 'partSteps' | 'gridResolution' | 'pointCount';

/** Inclusive bounds of each numeric setting for this set (tokensPerPart takes one of the set's choices). */
export function requestLimits(set: ModelSet): Record<RangeField, [number, number]> {
  return {
    seed: [0, 2 ** 31 - 1],
    imageSteps: [1, 4],
    numParts: [1, Math.min(16, set.dims.maxParts)],
    guidance: [0, 20],
    partSteps: [1, 100],
    // The finest lattice of coarse-to-fine extraction; 512 matches upstream's band-refined surface.
    gridResolution: [8, set.kind === 'real' ? 512 : 128],
    pointCount: [100, 500_000],
  };
}

const LABELS: Record<RangeField | 'tokensPerPart', string> = {
  seed: 'Seed',
  imageSteps: 'Image steps',
  numParts: 'Parts',
  guidance: 'Guidance',
  partSteps: 'Part steps',
  gridResolution: 'Grid resolution',
  pointCount: 'Points',
  tokensPerPart: 'Tokens per part',
};

export interface BoundsIssue {
  /** The request field at fault (`image`, `prompt`, `guidance`, ...). */
  field: string;
  message: string;
}

export class RequestBoundsError extends Error {
  override name = 'RequestBoundsError';
  constructor(readonly issues: BoundsIssue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}

const shown = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : typeof v);

/** A plain sentence when `width` × `height` is not an image size this app takes (1 to `max` a side). */
export function imageSizeIssue(width: unknown, height: unknown, max = MAX_IMAGE_SIDE): BoundsIssue | null {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (!ok(width) || !ok(height)) {
    return { field: 'image', message: `The image size must be whole numbers of pixels; got ${shown(width)} × ${shown(height)}.` };
  }
  if (width < 1 || height < 1) return { field: 'image', message: `The image is ${width}×${height} pixels: it has no pixels to use.` };
  if (width > max || height > max) {
    return {
      field: 'image',
      message: `The image is ${width}×${height} pixels; at most ${max} pixels a side is accepted. Scale it down first.`,
    };
  }
  return null;
}

function numberIssue(field: RangeField, v: unknown, [lo, hi]: [number, number]): BoundsIssue | null {
  const whole = field !== 'guidance';
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi && (!whole || Number.isInteger(v));
  return ok
    ? null
    : {
        field,
        message: `${LABELS[field]} must be ${whole ? 'a whole number' : 'a number'} from ${lo} to ${hi}; got ${shown(v)}.`,
      };
}

/** Everything wrong with a request for this set, in field order; empty when it may run. */
export function requestIssues(set: ModelSet, request: unknown): BoundsIssue[] {
  if (!request || typeof request !== 'object') return [{ field: 'request', message: 'The request must be an object.' }];
  const r = request as Record<string, unknown>;
  const issues: BoundsIssue[] = [];
  const add = (i: BoundsIssue | null) => {
    if (i) issues.push(i);
  };
  if (r.setId !== set.id) add({ field: 'setId', message: `The request is for model set ${shown(r.setId)}, not "${set.id}".` });
  if (typeof r.prompt !== 'string') add({ field: 'prompt', message: 'The prompt must be text (empty when an image is given).' });
  else if (r.prompt.length > MAX_PROMPT_CHARS) {
    add({
      field: 'prompt',
      message: `The prompt is ${r.prompt.length.toLocaleString('en')} characters; at most ${MAX_PROMPT_CHARS.toLocaleString('en')} are accepted (only the first 77 tokens are read).`,
    });
  }
  if (r.image !== undefined) {
    const img = r.image as Partial<GenerateRequest['image'] & object>;
    const size =
      img && typeof img === 'object' ? imageSizeIssue(img.width, img.height) : { field: 'image', message: 'The image must be an object.' };
    add(size);
    if (!size) {
      const want = img.width! * img.height! * 4;
      if (!(img.data instanceof Uint8ClampedArray) || img.data.length !== want) {
        add({
          field: 'image',
          message: `An image of ${img.width}×${img.height} needs ${want} RGBA bytes; got ${img.data instanceof Uint8ClampedArray ? img.data.length : shown(img.data)}.`,
        });
      }
    }
  } else if (typeof r.prompt === 'string' && !r.prompt.trim()) {
    add({ field: 'prompt', message: 'Describe the object, or give an image.' });
  }
  const limits = requestLimits(set);
  for (const field of Object.keys(limits) as RangeField[]) add(numberIssue(field, r[field], limits[field]));
  const choices = set.dims.tokensPerPartChoices;
  if (typeof r.tokensPerPart !== 'number' || !choices.includes(r.tokensPerPart)) {
    add({
      field: 'tokensPerPart',
      message: `${LABELS.tokensPerPart} must be one of ${choices.join(', ')}; got ${shown(r.tokensPerPart)}.`,
    });
  }
  return issues;
}

/** The request, unchanged, when it is within every bound; else a RequestBoundsError naming each issue. */
export function validateRequest(set: ModelSet, request: unknown): GenerateRequest {
  const issues = requestIssues(set, request);
  if (issues.length) throw new RequestBoundsError(issues);
  return request as GenerateRequest;
}
