import { describe, expect, it } from 'vitest';
import { splitServerUrl } from './remote';

describe('server address', () => {
  it('takes an API key out of the address (fetch refuses credentials in URLs) and keeps the rest', () => {
    expect(splitServerUrl('https://:s3cret@gpu.example:8787/')).toEqual({ base: 'https://gpu.example:8787', apiKey: 's3cret' });
    expect(splitServerUrl('http://s3cret@gpu.example')).toEqual({ base: 'http://gpu.example', apiKey: 's3cret' });
    expect(splitServerUrl(' http://host:1/lumen/ ')).toEqual({ base: 'http://host:1/lumen', apiKey: undefined });
    expect(splitServerUrl('http://:a%2Fb%40c@h')).toEqual({ base: 'http://h', apiKey: 'a/b@c' });
    expect(() => splitServerUrl('ftp://h')).toThrow(/http:\/\/ or https:\/\//);
  });
});
