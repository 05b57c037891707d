import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { LeadImageLight, LeadImageMotif } from './demo-article.ts';
import { drawLeadImage } from './lead-image.ts';

const motifs: readonly LeadImageMotif[] = ['skyline', 'harbour', 'hills', 'fields', 'river', 'mountains', 'night-city', 'abstract'];
const lights: readonly LeadImageLight[] = ['dawn', 'day', 'dusk', 'night', 'overcast'];

type Element = { name: string; attributes: Map<string, string> };

/**
 * Reads the SVG as XML, strictly enough for what the generator may emit: elements and quoted
 * attributes only, no text, no comments, every tag closed in order. Fails the test otherwise.
 */
function parseSvg(svg: string): Element[] {
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w:-]*="[^"<>&]*")*)\s*(\/?)>/y;
  const attribute = /([A-Za-z][\w:-]*)="([^"]*)"/g;
  const elements: Element[] = [];
  const open: string[] = [];
  let at = 0;
  while (at < svg.length) {
    token.lastIndex = at;
    const match = token.exec(svg);
    assert.ok(match, `not well-formed at offset ${at}: ${JSON.stringify(svg.slice(at, at + 60))}`);
    const [whole, closing, name = '', attributeText = '', selfClosing] = match;
    if (closing === '/') {
      assert.equal(open.pop(), name, `</${name}> closes the wrong element`);
    } else {
      const attributes = new Map<string, string>();
      for (const [, key = '', value = ''] of attributeText.matchAll(attribute)) {
        assert.ok(!attributes.has(key), `<${name}> repeats the attribute ${key}`);
        attributes.set(key, value);
      }
      elements.push({ name, attributes });
      if (selfClosing !== '/') open.push(name);
    }
    at += whole.length;
    if (open.length === 0) break;
  }
  assert.equal(at, svg.length, 'nothing may follow the root element');
  assert.deepEqual(open, [], 'every element is closed');
  return elements;
}

function assertWellFormedSvg(svg: string, width: number, height: number): void {
  const elements = parseSvg(svg);
  const root = elements[0];
  assert.ok(root, 'there is a root element');
  assert.equal(root.name, 'svg');
  assert.equal(root.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
  assert.equal(root.attributes.get('width'), String(width));
  assert.equal(root.attributes.get('height'), String(height));
  assert.equal(root.attributes.get('viewBox'), `0 0 ${width} ${height}`);

  const ids = new Set<string>();
  for (const element of elements) {
    const id = element.attributes.get('id');
    if (id === undefined) continue;
    assert.match(id, /^[a-z0-9-]+$/);
    assert.ok(!ids.has(id), `the id ${id} is used twice`);
    ids.add(id);
  }
  for (const element of elements) {
    assert.ok(!['text', 'image', 'foreignObject', 'script', 'style', 'a'].includes(element.name), `no <${element.name}>`);
    for (const [key, value] of element.attributes) {
      if (key === 'href' || key === 'xlink:href') {
        assert.match(value, /^#/, 'references stay inside the document');
        assert.ok(ids.has(value.slice(1)), `${value} is defined`);
      }
      for (const [, target = ''] of value.matchAll(/url\(([^)]*)\)/g)) {
        assert.match(target, /^#/, 'paint servers and clips are inside the document');
        assert.ok(ids.has(target.slice(1)), `${target} is defined`);
      }
    }
  }
}

describe('drawLeadImage', () => {
  const scene = { motif: 'harbour', light: 'dusk', seed: 'port-strike-enters-second-week', width: 1600, height: 900 } as const;

  it('draws the same scene as byte-identical SVG every time', () => {
    assert.equal(drawLeadImage(scene), drawLeadImage({ ...scene }));
  });

  it('varies the shapes with the seed', () => {
    for (const motif of motifs) {
      const first = drawLeadImage({ ...scene, motif, seed: 'budget-vote' });
      const second = drawLeadImage({ ...scene, motif, seed: 'budget-votes' });
      assert.notEqual(first, second, `${motif} differs between seeds`);
    }
  });

  it('varies the sky with the light', () => {
    const day = drawLeadImage({ ...scene, light: 'day' });
    const night = drawLeadImage({ ...scene, light: 'night' });
    assert.notEqual(day, night);
  });

  it('keeps the seed itself out of the markup', () => {
    const seed = '</svg><script>alert("x")</script>&amp;';
    const svg = drawLeadImage({ ...scene, seed });
    assert.ok(!svg.includes('script'));
    assert.ok(!svg.includes('alert'));
    assertWellFormedSvg(svg, scene.width, scene.height);
  });

  it('gives each seed its own ids, so several images can share a page', () => {
    const idsOf = (svg: string): string[] => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1] ?? '');
    const first = new Set(idsOf(drawLeadImage({ ...scene, seed: 'one' })));
    const second = idsOf(drawLeadImage({ ...scene, seed: 'two' }));
    assert.ok(second.length > 0);
    assert.ok(second.every((id) => !first.has(id)));
  });

  it('refuses sizes that are not positive, finite numbers', () => {
    for (const [width, height] of [
      [0, 900],
      [1600, -1],
      [Number.NaN, 900],
      [1600, Number.POSITIVE_INFINITY],
    ] as const) {
      assert.throws(() => drawLeadImage({ ...scene, width, height }), RangeError);
    }
  });

  it('refuses a motif or light it does not know', () => {
    assert.throws(() => drawLeadImage({ ...scene, motif: 'volcano' as LeadImageMotif }), RangeError);
    assert.throws(() => drawLeadImage({ ...scene, light: 'eclipse' as LeadImageLight }), RangeError);
  });

  describe('draws every motif in every light as a well-formed, self-contained SVG', () => {
    for (const motif of motifs) {
      for (const light of lights) {
        it(`${motif} at ${light}`, () => {
          const svg = drawLeadImage({ motif, light, seed: `${motif}-${light}`, width: 1600, height: 900 });
          assertWellFormedSvg(svg, 1600, 900);
        });
      }
    }
  });

  describe('rasterises with sharp to a PNG of the requested size', () => {
    const sizes = [
      [1600, 900],
      [1280, 720],
      [640, 360],
    ] as const;
    motifs.forEach((motif, i) => {
      const light = lights[i % lights.length] ?? 'day';
      const [width, height] = sizes[i % sizes.length] ?? [1600, 900];
      it(`${motif} at ${light}, ${width}×${height}`, async () => {
        const svg = drawLeadImage({ motif, light, seed: `raster-${motif}`, width, height });
        assertWellFormedSvg(svg, width, height);
        const png = await sharp(Buffer.from(svg)).png().toBuffer();
        const metadata = await sharp(png).metadata();
        assert.equal(metadata.format, 'png');
        assert.equal(metadata.width, width);
        assert.equal(metadata.height, height);
      });
    });
  });
});
