import { describe, expect, it } from 'vitest';
import { httpAdvice, networkAdvice } from './advice';
import {
  DEFAULT_HOST,
  hostBase,
  loadHostSettings,
  normalizeMirrorUrl,
  parseHubPath,
  requestHeaders,
  saveHostSettings,
  treeUrl,
} from './hosts';

const withToken = { ...DEFAULT_HOST, token: ' hf_secret ' };

describe('hosts', () => {
  it('sends the token to huggingface.co over https and nowhere else', () => {
    expect(requestHeaders('https://huggingface.co/briaai/RMBG-1.4/resolve/main/onnx/model.onnx', withToken)).toEqual({
      Authorization: 'Bearer hf_secret',
    });
    expect(requestHeaders('https://huggingface.co/api/models/a/b/tree/main', withToken)).toEqual({ Authorization: 'Bearer hf_secret' });
    for (const url of [
      'https://hf-mirror.com/briaai/RMBG-1.4/resolve/main/onnx/model.onnx',
      'http://huggingface.co/briaai/RMBG-1.4/resolve/main/onnx/model.onnx',
      'https://huggingface.co.evil.example/x',
      'https://cdn-lfs.huggingface.co/x',
      'http://127.0.0.1:4175/briaai/RMBG-1.4/resolve/main/onnx/model.onnx',
    ])
      expect(requestHeaders(url, { ...withToken, kind: 'mirror', mirrorUrl: 'https://hf-mirror.com' }), url).toEqual({});
    expect(requestHeaders('https://huggingface.co/x', DEFAULT_HOST)).toEqual({});
  });

  it('checks a mirror address and resolves paths over it', () => {
    expect(normalizeMirrorUrl(' https://hf-mirror.com ')).toBe('https://hf-mirror.com/');
    expect(normalizeMirrorUrl('http://10.0.0.2:8080/hf')).toBe('http://10.0.0.2:8080/hf/');
    expect(() => normalizeMirrorUrl('')).toThrow(/Enter the mirror/);
    expect(() => normalizeMirrorUrl('hf-mirror.com')).toThrow(/not a web address/);
    expect(() => normalizeMirrorUrl('ftp://x/')).toThrow(/http\(s\)/);
    expect(() => normalizeMirrorUrl('https://x/?a=1')).toThrow(/query/);
    expect(hostBase(DEFAULT_HOST)).toBe('https://huggingface.co/');
    expect(hostBase({ ...DEFAULT_HOST, kind: 'mirror', mirrorUrl: 'https://m.example/hf' })).toBe('https://m.example/hf/');
  });

  it('reads Hub paths and builds the tree API address as huggingface_hub does', () => {
    expect(parseHubPath('webnn/sdxl-turbo/resolve/main/onnx/unet_model_q4f16.onnx')).toEqual({
      repo: 'webnn/sdxl-turbo',
      revision: 'main',
      file: 'onnx/unet_model_q4f16.onnx',
    });
    expect(parseHubPath('compiled/partcrafter/dit.onnx')).toBeNull();
    expect(parseHubPath('unet.onnx')).toBeNull();
    expect(treeUrl('https://huggingface.co/', 'webnn/sdxl-turbo', 'main', 'onnx')).toBe(
      'https://huggingface.co/api/models/webnn/sdxl-turbo/tree/main/onnx',
    );
    expect(treeUrl('https://m.example/hf/', 'a/b', 'refs/pr/1', 'x/y')).toBe(
      'https://m.example/hf/api/models/a/b/tree/refs%2Fpr%2F1/x%2Fy',
    );
    expect(treeUrl('https://huggingface.co/', 'a/b', 'main', '')).toBe('https://huggingface.co/api/models/a/b/tree/main');
  });

  it('persists the settings and survives garbage', () => {
    const saved = new Map<string, string>();
    const prefs = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) };
    expect(loadHostSettings(prefs)).toEqual(DEFAULT_HOST);
    saveHostSettings(prefs, { kind: 'mirror', mirrorUrl: 'https://m.example/', token: 'hf_x' });
    expect(loadHostSettings(prefs)).toEqual({ kind: 'mirror', mirrorUrl: 'https://m.example/', token: 'hf_x' });
    saved.set('lumen.host', '{not json');
    expect(loadHostSettings(prefs)).toEqual(DEFAULT_HOST);
  });

  it('tells a gated repository from a bad token, and never suggests a token for a mirror', () => {
    const hf = { host: 'huggingface' as const, repo: 'briaai/RMBG-1.4', revision: 'main', file: 'onnx/model.onnx' };
    expect(httpAdvice(401, hf)).toMatch(/gated: sign in on https:\/\/huggingface\.co\/briaai\/RMBG-1\.4, accept its terms.*token/);
    expect(httpAdvice(401, { ...hf, tokenSent: true })).toMatch(/did not accept the access token/);
    expect(httpAdvice(403, { ...hf, tokenSent: true })).toMatch(/no access to briaai\/RMBG-1\.4 yet: accept its terms/);
    expect(httpAdvice(404, hf)).toMatch(/no such file in briaai\/RMBG-1\.4 at revision "main"/);
    const mirror = { ...hf, host: 'mirror' as const, base: 'https://m.example/' };
    expect(httpAdvice(401, mirror)).toMatch(/never to a mirror/);
    expect(httpAdvice(404, mirror)).toMatch(/mirror at https:\/\/m\.example\/ does not have it.*resolve\/\{revision\}/);
    expect(networkAdvice(hf)).toMatch(/could not reach huggingface\.co.*CORS/);
    expect(networkAdvice(mirror)).toMatch(/mirror at https:\/\/m\.example\/.*Access-Control-Allow-Origin/);
  });
});
