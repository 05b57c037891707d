import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { prepareCompressedAssets } from './compressed-assets.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'dateline-assets-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const themeAssets = path.join(import.meta.dirname, '..', '..', 'themes', 'default', 'assets');

describe('the compressed theme assets', () => {
  it('hold each asset, with brotli and gzip forms of the text files that decompress to it', () => {
    const dir = prepareCompressedAssets(themeAssets, dataDir);
    const script = readFileSync(path.join(themeAssets, 'site.js'));
    assert.deepEqual(readFileSync(path.join(dir, 'site.js')), script);
    assert.deepEqual(brotliDecompressSync(readFileSync(path.join(dir, 'site.js.br'))), script);
    assert.deepEqual(gunzipSync(readFileSync(path.join(dir, 'site.js.gz'))), script);
  });

  it('are made once per version of the theme, and a new version gets a copy of its own', () => {
    const first = prepareCompressedAssets(themeAssets, dataDir);
    assert.equal(prepareCompressedAssets(themeAssets, dataDir), first, 'a restart reuses the copy');
    const changedTheme = mkdtempSync(path.join(tmpdir(), 'dateline-theme-'));
    after(() => rmSync(changedTheme, { recursive: true, force: true }));
    cpSync(themeAssets, changedTheme, { recursive: true });
    writeFileSync(path.join(changedTheme, 'site.js'), 'document.title = "changed";');
    const second = prepareCompressedAssets(changedTheme, dataDir);
    assert.notEqual(second, first);
    assert.equal(gunzipSync(readFileSync(path.join(second, 'site.js.gz'))).toString(), 'document.title = "changed";');
  });
});
