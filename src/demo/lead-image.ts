import type { LeadImageLight, LeadImageMotif } from './demo-article.ts';

/** What a generated lead image shows, and at what size. */
export type LeadImageScene = {
  motif: LeadImageMotif;
  light: LeadImageLight;
  /** Any string; it only seeds the shapes, and never appears in the SVG. */
  seed: string;
  width: number;
  height: number;
};

/**
 * Draws a demo article's lead image: a flat, editorial-style SVG illustration of the motif in the
 * given light. Pure and deterministic: the same scene always gives byte-identical SVG, and the seed
 * varies the shapes. Only numbers, fixed palette colours and generated ids reach the markup.
 */
export function drawLeadImage(scene: LeadImageScene): string {
  const { motif, light, seed, width, height } = scene;
  if (!motifs.includes(motif)) throw new RangeError('drawLeadImage: unknown motif');
  if (!lights.includes(light)) throw new RangeError('drawLeadImage: unknown light');
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) {
    throw new RangeError('drawLeadImage: width and height must be positive numbers');
  }
  if (typeof seed !== 'string') throw new TypeError('drawLeadImage: seed must be a string');

  const hash = hashString(seed);
  const ctx: Ctx = {
    w: width,
    h: height,
    u: width / 1600,
    rng: mulberry32(hash),
    skyRng: mulberry32(hash ^ 0x9e3779b9),
    pal: palettes[light],
    light,
    prefix: `li${hash.toString(36)}`,
    defs: [],
    out: [],
    ids: 0,
  };

  const horizon = height * horizons[motif];
  const body = placeBody(ctx, motif, horizon);

  if (motif === 'abstract') {
    drawAbstract(ctx, body);
  } else {
    drawSky(ctx, horizon, body);
    motifPainters[motif](ctx, horizon, body);
  }
  drawFinish(ctx);

  const w = num(width, 2);
  const h = num(height, 2);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` + `<defs>${ctx.defs.join('')}</defs>${ctx.out.join('')}</svg>`
  );
}

const motifs: readonly string[] = ['skyline', 'harbour', 'hills', 'fields', 'river', 'mountains', 'night-city', 'abstract'];
const lights: readonly string[] = ['dawn', 'day', 'dusk', 'night', 'overcast'];

/** Where land meets sky, as a share of the height; the sun rises and sets here. */
const horizons: Record<LeadImageMotif, number> = {
  skyline: 0.72,
  harbour: 0.6,
  hills: 0.56,
  fields: 0.46,
  river: 0.44,
  mountains: 0.6,
  'night-city': 0.64,
  abstract: 0.62,
};

// ---------------------------------------------------------------------------------------------
// Palettes: one per light. Every colour in the image is one of these or a mix of two of them.

type Palette = {
  /** Sky from zenith to horizon. */
  sky: readonly [string, string, string];
  /** What distant things fade into. */
  haze: string;
  /** The furthest silhouette and the nearest. */
  far: string;
  near: string;
  /** Local colours of fields and woods, already in this light. */
  land: readonly [string, string, string, string];
  /** Water in the distance and close by. */
  water: readonly [string, string];
  shimmer: string;
  snow: string;
  /** A single restrained accent: cranes, a ship's boot-topping, the odd container. */
  accent: string;
  body: 'sun' | 'moon' | 'none';
  bodyColour: string;
  glow: string;
  cloud: string;
  cloudOpacity: number;
  clouds: number;
  /** Unlit windows are mixed from the wall towards this. */
  pane: string;
  lit: string;
  litShare: number;
  stars: number;
  /** How far local colour gives way to the silhouette tone (0 = full colour). */
  gloom: number;
};

const palettes: Record<LeadImageLight, Palette> = {
  dawn: {
    sky: ['#5a6594', '#d29aa6', '#f7d29c'],
    haze: '#efc3a4',
    far: '#b995a8',
    near: '#342f4a',
    land: ['#7d8660', '#a9985f', '#62714f', '#8f8a6a'],
    water: ['#eec3a6', '#4f587a'],
    shimmer: '#fde2b8',
    snow: '#f6e2dc',
    accent: '#b8604a',
    body: 'sun',
    bodyColour: '#fff2d2',
    glow: '#ffd49a',
    cloud: '#f1b6aa',
    cloudOpacity: 0.6,
    clouds: 3,
    pane: '#f3c9a6',
    lit: '#ffd99a',
    litShare: 0.1,
    stars: 0,
    gloom: 0.35,
  },
  day: {
    sky: ['#3d78b0', '#83b3d6', '#dbe9ee'],
    haze: '#cadde3',
    far: '#93b1bd',
    near: '#22363a',
    land: ['#6b9550', '#bcb061', '#4d7646', '#93aa6c'],
    water: ['#b3d3e2', '#2d5f80'],
    shimmer: '#f4fbff',
    snow: '#f7fafb',
    accent: '#b6513b',
    body: 'sun',
    bodyColour: '#fffbea',
    glow: '#fff4c8',
    cloud: '#ffffff',
    cloudOpacity: 0.85,
    clouds: 4,
    pane: '#a9c8da',
    lit: '#f6e8b8',
    litShare: 0,
    stars: 0,
    gloom: 0.1,
  },
  dusk: {
    sky: ['#2c2a5a', '#9b5279', '#f29b5c'],
    haze: '#e39270',
    far: '#9a6283',
    near: '#21192f',
    land: ['#6c5f4a', '#8c6d48', '#55503f', '#7a6450'],
    water: ['#f0a56e', '#372c4f'],
    shimmer: '#ffd09a',
    snow: '#f5c7b0',
    accent: '#c0604a',
    body: 'sun',
    bodyColour: '#ffe4a8',
    glow: '#ffb070',
    cloud: '#c46f8a',
    cloudOpacity: 0.55,
    clouds: 3,
    pane: '#c9806f',
    lit: '#ffc870',
    litShare: 0.28,
    stars: 0,
    gloom: 0.5,
  },
  night: {
    sky: ['#060a20', '#111b42', '#283661'],
    haze: '#2d3a68',
    far: '#1f2a52',
    near: '#05071a',
    land: ['#1b2a3c', '#233149', '#17263a', '#1e2c40'],
    water: ['#2b3968', '#070c24'],
    shimmer: '#8fa2d8',
    snow: '#8e9bc6',
    accent: '#5a3a4a',
    body: 'moon',
    bodyColour: '#f0ead4',
    glow: '#9fb2e4',
    cloud: '#1f2c58',
    cloudOpacity: 0.7,
    clouds: 2,
    pane: '#1d2850',
    lit: '#ffd27a',
    litShare: 0.4,
    stars: 90,
    gloom: 0.6,
  },
  overcast: {
    sky: ['#7b858e', '#a7aeb3', '#cfd2d0'],
    haze: '#c3c7c5',
    far: '#9aa2a4',
    near: '#2d3437',
    land: ['#6c7a5d', '#8f8f6c', '#586855', '#7c8468'],
    water: ['#b8bebf', '#48565c'],
    shimmer: '#e4e7e6',
    snow: '#eceeed',
    accent: '#96604f',
    body: 'none',
    bodyColour: '#eef0ee',
    glow: '#dfe2e0',
    cloud: '#959ea4',
    cloudOpacity: 0.38,
    clouds: 5,
    pane: '#9aa5aa',
    lit: '#f0dca0',
    litShare: 0.05,
    stars: 0,
    gloom: 0.25,
  },
};

// ---------------------------------------------------------------------------------------------
// Randomness, colour and markup helpers.

type Rng = () => number;

/** FNV-1a over UTF-16 code units, finished with a murmur3 mix so that similar seeds diverge. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mulberry32(seed: number): Rng {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick: empty list');
  return item;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** A number for the markup: rounded, never `-0`, never exponent notation for our ranges. */
function num(value: number, places = 1): string {
  const factor = 10 ** places;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Mixes two palette colours; t = 0 gives `a`, t = 1 gives `b`. */
function mix(a: string, b: string, t: number): string {
  const ca = rgb(a);
  const cb = rgb(b);
  const k = clamp(t, 0, 1);
  let out = '#';
  for (let i = 0; i < 3; i++) {
    const channel = Math.round((ca[i] ?? 0) + ((cb[i] ?? 0) - (ca[i] ?? 0)) * k);
    out += channel.toString(16).padStart(2, '0');
  }
  return out;
}

type Ctx = {
  readonly w: number;
  readonly h: number;
  /** One unit at 1600 pixels wide; sizes of detail scale with it. */
  readonly u: number;
  /** Shapes of the land, the same in every light so that a seed keeps its composition. */
  readonly rng: Rng;
  /** Stars, clouds and grain, whose number depends on the light. */
  readonly skyRng: Rng;
  readonly pal: Palette;
  readonly light: LeadImageLight;
  readonly prefix: string;
  readonly defs: string[];
  readonly out: string[];
  ids: number;
};

/** A separate stream for detail whose amount depends on the light, so the main stream stays in step. */
function fork(ctx: Ctx): Rng {
  return mulberry32(Math.floor(ctx.rng() * 4294967296));
}

function newId(ctx: Ctx, name: string): string {
  ctx.ids += 1;
  return `${ctx.prefix}-${name}${ctx.ids}`;
}

type Attrs = Record<string, string | number>;

function attrs(values: Attrs): string {
  let text = '';
  for (const [key, value] of Object.entries(values)) {
    text += ` ${key}="${typeof value === 'number' ? num(value, 2) : value}"`;
  }
  return text;
}

function el(name: string, values: Attrs, children?: string): string {
  return children === undefined ? `<${name}${attrs(values)}/>` : `<${name}${attrs(values)}>${children}</${name}>`;
}

type Pt = { x: number; y: number };

function pt(p: Pt): string {
  return `${num(p.x)} ${num(p.y)}`;
}

function rectD(x: number, y: number, w: number, h: number): string {
  return `M${num(x)} ${num(y)}h${num(w)}v${num(h)}h${num(-w)}z`;
}

function polyD(points: readonly Pt[]): string {
  return `M${points.map(pt).join('L')}z`;
}

function ellipseD(cx: number, cy: number, rx: number, ry: number): string {
  return `M${num(cx - rx)} ${num(cy)}a${num(rx)} ${num(ry)} 0 1 0 ${num(2 * rx)} 0` + `a${num(rx)} ${num(ry)} 0 1 0 ${num(-2 * rx)} 0z`;
}

/** A smooth curve through the points (Catmull-Rom as cubic Béziers), without the leading move. */
function curveThrough(points: readonly Pt[]): string {
  let d = '';
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[i + 2] ?? p2;
    if (p0 === undefined || p1 === undefined || p2 === undefined || p3 === undefined) continue;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += `C${pt(c1)} ${pt(c2)} ${pt(p2)}`;
  }
  return d;
}

type Wave = (x: number) => number;

/** A gently rolling line: a few sines of seeded phase around `base`, swinging about ±`amp`. */
function makeWave(ctx: Ctx, base: number, amp: number, lobes: number): Wave {
  const parts = [1, 2.3, 5.3].map((multiple, i) => ({
    f: lobes * multiple * between(ctx.rng, 0.8, 1.25),
    p: ctx.rng() * Math.PI * 2,
    a: amp * ([0.75, 0.32, 0.1][i] ?? 0) * between(ctx.rng, 0.75, 1.2),
  }));
  const w = ctx.w;
  return (x) => {
    let y = base;
    for (const part of parts) y += part.a * Math.sin((part.f * Math.PI * 2 * x) / w + part.p);
    return y;
  };
}

function sampleWave(ctx: Ctx, wave: Wave, steps = 28): Pt[] {
  const points: Pt[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = -0.03 * ctx.w + (1.06 * ctx.w * i) / steps;
    points.push({ x, y: wave(x) });
  }
  return points;
}

/** The land below a rolling skyline, as a closed path down to the bottom edge. */
function landD(ctx: Ctx, wave: Wave, bottom = ctx.h + 2): string {
  const points = sampleWave(ctx, wave);
  const first = points[0] ?? { x: 0, y: 0 };
  const last = points[points.length - 1] ?? first;
  return `M${pt(first)}${curveThrough(points)}L${num(last.x)} ${num(bottom)}L${num(first.x)} ${num(bottom)}z`;
}

function linearGradient(ctx: Ctx, name: string, stops: readonly [number, string, number][], vector = { x1: 0, y1: 0, x2: 0, y2: 1 }): string {
  const id = newId(ctx, name);
  const children = stops.map(([offset, colour, opacity]) => el('stop', { offset, 'stop-color': colour, 'stop-opacity': opacity })).join('');
  ctx.defs.push(el('linearGradient', { id, ...vector }, children));
  return `url(#${id})`;
}

function radialGradient(ctx: Ctx, name: string, stops: readonly [number, string, number][]): string {
  const id = newId(ctx, name);
  const children = stops.map(([offset, colour, opacity]) => el('stop', { offset, 'stop-color': colour, 'stop-opacity': opacity })).join('');
  ctx.defs.push(el('radialGradient', { id }, children));
  return `url(#${id})`;
}

function clipTo(ctx: Ctx, d: string): string {
  const id = newId(ctx, 'clip');
  ctx.defs.push(el('clipPath', { id }, el('path', { d })));
  return `url(#${id})`;
}

/** A silhouette colour for depth t (0 = horizon, 1 = foreground), tinted towards a local colour. */
function depthTone(ctx: Ctx, t: number, local?: string): string {
  const { pal } = ctx;
  const base = mix(pal.far, pal.near, t ** 1.15);
  if (local === undefined) return base;
  const coloured = mix(local, pal.near, pal.gloom * t);
  return mix(base, mix(coloured, pal.haze, (1 - t) * 0.55), 0.75 - pal.gloom * 0.6);
}

// ---------------------------------------------------------------------------------------------
// Sky: gradient, stars, sun or moon, clouds and horizon haze.

type Body = { x: number; y: number; r: number };

function placeBody(ctx: Ctx, motif: LeadImageMotif, horizon: number): Body {
  const { w, h, rng, light } = ctx;
  const side = rng() < 0.5 ? -1 : 1;
  const x = w * (0.5 + side * between(rng, 0.12, 0.3));
  if (light === 'dawn' || light === 'dusk') {
    const r = h * between(rng, 0.075, 0.095);
    return { x, y: horizon - r * between(rng, 0.35, 0.95), r };
  }
  if (light === 'night') return { x, y: h * between(rng, 0.14, 0.24), r: h * between(rng, 0.045, 0.055) };
  const high = motif === 'skyline' || motif === 'night-city' ? 0.13 : 0.16;
  return { x, y: h * between(rng, high, high + 0.08), r: h * between(rng, 0.05, 0.06) };
}

function drawSky(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, skyRng: rng, out } = ctx;
  const hz = horizon / h;
  const fill = linearGradient(ctx, 'sky', [
    [0, pal.sky[0], 1],
    [hz * 0.55, pal.sky[1], 1],
    [hz, pal.sky[2], 1],
    [1, pal.sky[2], 1],
  ]);
  out.push(el('rect', { width: w, height: h, fill }));

  if (pal.stars > 0) {
    let bright = '';
    let faint = '';
    for (let i = 0; i < pal.stars; i++) {
      const x = rng() * w;
      const y = rng() ** 1.4 * horizon * 0.85;
      const r = between(rng, 0.7, 1.5) * ctx.u * (rng() < 0.12 ? 1.7 : 1);
      if (rng() < 0.35) bright += ellipseD(x, y, r, r);
      else faint += ellipseD(x, y, r * 0.8, r * 0.8);
    }
    out.push(el('path', { d: faint, fill: pal.bodyColour, opacity: 0.4 }));
    out.push(el('path', { d: bright, fill: pal.bodyColour, opacity: 0.85 }));
  }

  if (pal.body !== 'none') {
    const glow = radialGradient(ctx, 'glow', [
      [0, pal.glow, ctx.light === 'day' ? 0.45 : 0.6],
      [0.35, pal.glow, ctx.light === 'day' ? 0.12 : 0.22],
      [1, pal.glow, 0],
    ]);
    const reach = body.r * (ctx.light === 'night' ? 5 : 7);
    out.push(el('circle', { cx: body.x, cy: body.y, r: reach, fill: glow }));
    out.push(el('circle', { cx: body.x, cy: body.y, r: body.r, fill: pal.bodyColour }));
    if (pal.body === 'moon') {
      const shade = mix(pal.bodyColour, pal.sky[1], 0.5);
      let maria = '';
      const lean = rng() * Math.PI * 2;
      for (let i = 0; i < 5; i++) {
        const a = lean + between(rng, -0.9, 0.9);
        const d = body.r * between(rng, 0.2, 0.55);
        const r = body.r * between(rng, 0.18, 0.34);
        maria += ellipseD(body.x + Math.cos(a) * d, body.y + Math.sin(a) * d, r, r * between(rng, 0.6, 0.9));
      }
      out.push(el('path', { d: maria, fill: shade, opacity: 0.16 }));
    }
  } else {
    // Overcast: a pale patch where the sun is trying.
    const glow = radialGradient(ctx, 'glow', [
      [0, pal.bodyColour, 0.55],
      [1, pal.bodyColour, 0],
    ]);
    out.push(el('ellipse', { cx: body.x, cy: body.y, rx: w * 0.28, ry: h * 0.2, fill: glow }));
  }

  drawClouds(ctx, horizon, body);

  const haze = linearGradient(ctx, 'haze', [
    [0, pal.haze, 0],
    [0.8, pal.haze, ctx.light === 'night' ? 0.35 : 0.55],
    [1, pal.haze, 0.6],
  ]);
  out.push(el('rect', { x: 0, y: horizon - h * 0.22, width: w, height: h * 0.24, fill: haze }));
}

/** Flat, stacked capsules: the newspaper-graphic cloud. */
function cloudD(x: number, y: number, length: number, thick: number, rng: Rng): string {
  const capsule = (cx: number, cy: number, len: number, th: number): string => {
    const r = th / 2;
    return `M${num(cx - len / 2 + r)} ${num(cy - r)}h${num(len - th)}a${num(r)} ${num(r)} 0 0 1 0 ${num(th)}h${num(th - len)}a${num(r)} ${num(r)} 0 0 1 0 ${num(-th)}z`;
  };
  let d = capsule(x, y, length, thick);
  const tiers = 1 + Math.floor(rng() * 2);
  for (let i = 1; i <= tiers; i++) {
    const len = (length * between(rng, 0.35, 0.6)) / i;
    d += capsule(x + length * between(rng, -0.2, 0.2), y - thick * 0.78 * i, len, thick);
  }
  if (rng() < 0.6) d += capsule(x + length * between(rng, -0.25, 0.25), y + thick * 0.8, length * between(rng, 0.4, 0.7), thick);
  return d;
}

function drawClouds(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, skyRng: rng, out, light } = ctx;
  if (light === 'overcast') {
    for (let i = 0; i < pal.clouds; i++) {
      const t = i / (pal.clouds - 1);
      const y = h * 0.04 + (horizon - h * 0.12) * t + between(rng, -1, 1) * h * 0.02;
      const len = w * between(rng, 0.45, 0.9);
      const thick = h * between(rng, 0.035, 0.06) * (1.2 - t * 0.5);
      const tone = mix(pal.cloud, i % 2 === 0 ? pal.sky[0] : pal.sky[2], between(rng, 0.1, 0.45));
      out.push(el('path', { d: cloudD(between(rng, 0, w), y, len, thick, rng), fill: tone, opacity: pal.cloudOpacity }));
    }
    return;
  }
  for (let i = 0; i < pal.clouds; i++) {
    const y = between(rng, 0.1, 0.75) * horizon * 0.7;
    let x = between(rng, 0.05, 0.95) * w;
    if (Math.abs(x - body.x) < body.r * 2 && Math.abs(y - body.y) < body.r * 2) x += body.r * 4;
    const len = w * between(rng, 0.12, 0.26) * (light === 'day' ? 1 : 1.4);
    const thick = h * (light === 'day' ? between(rng, 0.025, 0.035) : between(rng, 0.012, 0.02));
    out.push(
      el('path', {
        d: cloudD(x, y, len, thick, rng),
        fill: pal.cloud,
        opacity: pal.cloudOpacity * between(rng, 0.7, 1),
      }),
    );
  }
}

/** A pale band of mist lying in front of whatever was drawn last. */
function mist(ctx: Ctx, y: number, depth: number, strength: number): void {
  const fill = linearGradient(ctx, 'mist', [
    [0, ctx.pal.haze, 0],
    [0.6, ctx.pal.haze, strength],
    [1, ctx.pal.haze, 0],
  ]);
  ctx.out.push(el('rect', { x: 0, y: y - depth * 0.6, width: ctx.w, height: depth, fill }));
}

// ---------------------------------------------------------------------------------------------
// Vegetation.

function roundTreeD(x: number, y: number, size: number): string {
  const trunk = polyD([
    { x: x - size * 0.045, y: y + size * 0.04 },
    { x: x - size * 0.025, y: y - size * 0.5 },
    { x: x + size * 0.025, y: y - size * 0.5 },
    { x: x + size * 0.045, y: y + size * 0.04 },
  ]);
  return (
    trunk +
    ellipseD(x, y - size * 0.66, size * 0.3, size * 0.3) +
    ellipseD(x - size * 0.17, y - size * 0.5, size * 0.2, size * 0.17) +
    ellipseD(x + size * 0.18, y - size * 0.52, size * 0.21, size * 0.18)
  );
}

function poplarD(x: number, y: number, size: number): string {
  return rectD(x - size * 0.04, y - size * 0.2, size * 0.08, size * 0.25) + ellipseD(x, y - size * 0.62, size * 0.13, size * 0.48);
}

function pineD(x: number, y: number, size: number): string {
  const w = size * 0.42;
  return polyD([
    { x, y: y - size },
    { x: x + w * 0.55, y: y - size * 0.45 },
    { x: x + w * 0.28, y: y - size * 0.47 },
    { x: x + w * 0.62, y: y - size * 0.05 },
    { x: x + w * 0.08, y: y - size * 0.08 },
    { x: x + w * 0.08, y: y + size * 0.08 },
    { x: x - w * 0.08, y: y + size * 0.08 },
    { x: x - w * 0.08, y: y - size * 0.08 },
    { x: x - w * 0.62, y: y - size * 0.05 },
    { x: x - w * 0.28, y: y - size * 0.47 },
    { x: x - w * 0.55, y: y - size * 0.45 },
  ]);
}

/** Pines along a ridge, in clumps where a slow wave says there is forest. */
function forest(ctx: Ctx, ridge: Wave, size: number, density: number, fill: string): void {
  const { w, rng, u } = ctx;
  const cover = makeWave(ctx, 0, 1, 1.6);
  let d = '';
  let x = -size;
  while (x < w + size) {
    const s = size * between(rng, 0.65, 1.2);
    if (cover(x) + between(rng, -0.3, 0.3) > 1 - density * 2) d += pineD(x, ridge(x) + s * 0.12, s);
    x += s * between(rng, 0.22, 0.42) + u;
  }
  ctx.out.push(el('path', { d, fill }));
}

// ---------------------------------------------------------------------------------------------
// Motifs.

type Painter = (ctx: Ctx, horizon: number, body: Body) => void;

const motifPainters: Record<Exclude<LeadImageMotif, 'abstract'>, Painter> = {
  hills: drawHills,
  mountains: drawMountains,
  fields: drawFields,
  river: drawRiver,
  harbour: drawHarbour,
  skyline: drawSkyline,
  'night-city': drawNightCity,
};

function drawHills(ctx: Ctx, horizon: number): void {
  const { w, h, pal, rng, out } = ctx;
  const layers = 5;
  for (let k = 0; k < layers; k++) {
    const t = k / (layers - 1);
    const base = horizon + (h - horizon) * (0.02 + 0.62 * t ** 1.3);
    const amp = h * (0.035 + 0.05 * t);
    const wave = makeWave(ctx, base, amp, between(rng, 0.7, 1.3) + (1 - t) * 0.8);
    const local = k === 0 ? undefined : (pal.land[k % pal.land.length] ?? pal.land[0]);
    out.push(el('path', { d: landD(ctx, wave), fill: depthTone(ctx, 0.12 + t * 0.88, local) }));

    if (k === 2 || k === 3) {
      // A line of trees or a hedge along this ridge.
      const size = h * (0.035 + 0.03 * t);
      const start = between(rng, 0.05, 0.7) * w;
      const count = 3 + Math.floor(rng() * 5);
      let d = '';
      let x = start;
      for (let i = 0; i < count; i++) {
        const s = size * between(rng, 0.7, 1.2);
        d += rng() < 0.4 ? poplarD(x, wave(x) + s * 0.08, s * 1.3) : roundTreeD(x, wave(x) + s * 0.08, s);
        x += s * between(rng, 0.5, 1.1);
      }
      out.push(el('path', { d, fill: depthTone(ctx, 0.2 + t * 0.9, pal.land[2]) }));
    }
    if (k < layers - 2) mist(ctx, base + amp * 0.9, h * 0.1, 0.22 - t * 0.08);
  }
  // The nearest rise gets a couple of larger trees.
  const edge = makeWave(ctx, h * 1.02, h * 0.04, 1);
  const x = rng() < 0.5 ? between(rng, 0.04, 0.2) * w : between(rng, 0.8, 0.96) * w;
  const size = h * between(rng, 0.16, 0.22);
  out.push(
    el('path', {
      d: roundTreeD(x, h * 0.99, size) + roundTreeD(x + size * 0.45, h, size * 0.75),
      fill: mix(depthTone(ctx, 1, pal.land[2]), pal.near, 0.45),
    }),
  );
  out.push(el('path', { d: landD(ctx, edge), fill: depthTone(ctx, 1, pal.land[2]) }));
}

/** A jagged mountain range: a few big peaks, roughened by midpoint displacement. */
function mountainRange(ctx: Ctx, base: number, top: number, peaks: number): { points: Pt[]; apexes: Pt[] } {
  const { w, rng } = ctx;
  const tops: { x: number; height: number; spread: number }[] = [];
  for (let i = 0; i < peaks; i++) {
    tops.push({
      x: w * ((i + between(rng, 0.15, 0.85)) / peaks) * 1.1 - w * 0.05,
      height: (base - top) * between(rng, 0.55, 1),
      spread: w * between(rng, 0.16, 0.3),
    });
  }
  const steps = 128;
  const rough: number[] = new Array<number>(steps + 1).fill(0);
  const displace = (from: number, to: number, amp: number): void => {
    if (to - from < 2) return;
    const mid = (from + to) >> 1;
    rough[mid] = ((rough[from] ?? 0) + (rough[to] ?? 0)) / 2 + between(rng, -amp, amp);
    displace(from, mid, amp * 0.55);
    displace(mid, to, amp * 0.55);
  };
  displace(0, steps, (base - top) * 0.18);
  const points: Pt[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = -0.05 * w + (1.1 * w * i) / steps;
    let lift = 0;
    for (const peak of tops) lift = Math.max(lift, peak.height * (1 - Math.abs(x - peak.x) / peak.spread));
    points.push({ x, y: base - Math.max(lift, 0) + (rough[i] ?? 0) * (0.35 + lift / (base - top)) });
  }
  const apexes = tops.map((peak) => {
    let best = points[0] ?? { x: peak.x, y: base };
    for (const p of points) if (Math.abs(p.x - peak.x) < peak.spread * 0.35 && p.y < best.y) best = p;
    return best;
  });
  return { points, apexes };
}

/** The faces of a range turned away from the sun: apex, down the ridge to the valley, back up a split line. */
function shadedFacesD(ctx: Ctx, points: readonly Pt[], apexes: readonly Pt[], dir: number, base: number): string {
  const { rng } = ctx;
  const indices = [...new Set(apexes.map((a) => points.indexOf(a)))].filter((i) => i >= 0).sort((a, b) => a - b);
  let d = '';
  for (let n = 0; n < indices.length; n++) {
    const from = indices[n] ?? 0;
    const stop = dir > 0 ? (indices[n + 1] ?? points.length - 1) : (indices[n - 1] ?? 0);
    // The valley is the lowest point between this apex and the next one along.
    let valley = from;
    for (let i = from; dir > 0 ? i <= stop : i >= stop; i += dir) {
      if ((points[i]?.y ?? 0) > (points[valley]?.y ?? 0)) valley = i;
    }
    const apex = points[from];
    const low = points[valley];
    if (apex === undefined || low === undefined || valley === from) continue;
    const ridge: Pt[] = [];
    for (let i = from; dir > 0 ? i <= valley : i >= valley; i += dir) {
      const p = points[i];
      if (p !== undefined) ridge.push(p);
    }
    const reach = Math.abs(low.x - apex.x);
    const foot = { x: apex.x + dir * reach * between(rng, 0.12, 0.4), y: base };
    const mid = { x: apex.x + (foot.x - apex.x) * 0.5 + dir * reach * between(rng, -0.06, 0.1), y: (apex.y + base) / 2 };
    // The valley's edge slants back under the face, as a gully would, rather than dropping plumb.
    d += polyD([...ridge, { x: low.x - dir * reach * 0.22, y: base }, foot, mid]);
  }
  return d;
}

function drawMountains(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, rng, out } = ctx;
  const ranges = [
    { base: horizon + h * 0.02, top: h * 0.2, peaks: 4, t: 0.1 },
    { base: horizon + h * 0.1, top: h * 0.33, peaks: 3, t: 0.38 },
  ];
  const shadeRight = body.x < w / 2;
  for (const range of ranges) {
    const { points, apexes } = mountainRange(ctx, range.base, range.top, range.peaks);
    const bottom = { x: w * 1.05, y: h + 2 };
    const d = `M${points.map(pt).join('L')}L${pt(bottom)}L${num(-0.05 * w)} ${num(h + 2)}z`;
    const tone = depthTone(ctx, range.t);
    out.push(el('path', { d, fill: tone }));
    const clip = clipTo(ctx, d);

    // Shadowed faces: from each apex down the ridge away from the sun to the next valley.
    const dir = shadeRight ? 1 : -1;
    const shade = shadedFacesD(ctx, points, apexes, dir, range.base + h * 0.08);

    // Snow above a ragged line, clipped to the range.
    const highest = Math.min(...apexes.map((a) => a.y));
    const snowLine = highest + (range.base - highest) * between(rng, 0.3, 0.4);
    let snowD = `M${num(-0.05 * w)} 0`;
    let up = true;
    for (let x = -0.05 * w; x < 1.05 * w; x += w * between(rng, 0.008, 0.028)) {
      const drop = up ? -between(rng, 0, 0.015) : between(rng, 0.01, rng() < 0.2 ? 0.09 : 0.045);
      snowD += `L${num(x)} ${num(snowLine + h * drop)}`;
      up = !up;
    }
    snowD += `L${num(1.05 * w)} 0z`;
    const snow = mix(pal.snow, pal.haze, (1 - range.t) * 0.35);
    const shadeTone = mix(tone, pal.near, 0.3 + pal.gloom * 0.1);
    out.push(el('g', { 'clip-path': clip }, el('path', { d: snowD, fill: snow }) + el('path', { d: shade, fill: shadeTone, opacity: 0.45 })));
    mist(ctx, range.base, h * 0.14, 0.4);
  }
  // Forested foothills, then a dark near ridge of bigger pines.
  const foot = makeWave(ctx, horizon + h * 0.17, h * 0.035, 1.4);
  const footTone = depthTone(ctx, 0.62, pal.land[2]);
  forest(ctx, foot, h * 0.06, 0.55, footTone);
  out.push(el('path', { d: landD(ctx, foot), fill: footTone }));
  mist(ctx, horizon + h * 0.24, h * 0.1, 0.2);
  const near = makeWave(ctx, horizon + h * 0.3, h * 0.05, 1);
  const nearTone = depthTone(ctx, 0.95, pal.land[2]);
  forest(ctx, near, h * 0.13, 0.45, nearTone);
  out.push(el('path', { d: landD(ctx, near), fill: nearTone }));
}

/** Patchwork farmland in perspective, vanishing at (vpX, horizon). */
function drawFarmland(ctx: Ctx, horizon: number, vpX: number, bands: number): void {
  const { w, h, pal, rng, out, u } = ctx;
  const tops: number[] = [];
  for (let k = 0; k <= bands; k++) tops.push(horizon + (h - horizon) * (0.015 + 0.985 * (k / bands) ** 1.7));
  for (let k = 0; k < bands; k++) {
    const t = (k + 1) / bands;
    const top = tops[k] ?? horizon;
    const next = tops[k + 1] ?? h;
    const amp = (next - top) * 0.22;
    const wave = makeWave(ctx, top, amp, between(rng, 0.6, 1.4));
    const bandD = landD(ctx, wave);
    const clip = clipTo(ctx, bandD);
    const yTop = top - amp * 1.6;
    const yBot = k === bands - 1 ? h + 2 : next + amp * 2;
    const along = (xTop: number, y: number): number => vpX + ((xTop - vpX) * (y - horizon)) / (yTop - horizon);

    // Field boundaries run towards the vanishing point.
    const count = Math.max(2, Math.round(between(rng, 3, 6) * (1.2 - t * 0.7)));
    const edges: number[] = [-w * 2];
    for (let i = 1; i < count; i++) edges.push(w * ((i + between(rng, -0.35, 0.35)) / count));
    edges.push(w * 3);

    let fields = '';
    let hedges = '';
    for (let i = 0; i < edges.length - 1; i++) {
      const left = edges[i] ?? 0;
      const right = edges[i + 1] ?? w;
      const quad = [
        { x: left, y: yTop },
        { x: right, y: yTop },
        { x: along(right, yBot), y: yBot },
        { x: along(left, yBot), y: yBot },
      ];
      const local = pick(rng, pal.land);
      const colour = mix(depthTone(ctx, 0.3 + 0.6 * t, local), pal.haze, (1 - t) * 0.25);
      fields += el('path', { d: polyD(quad), fill: colour });
      const style = rng();
      const stroke = mix(colour, rng() < 0.5 ? pal.near : pal.haze, 0.22);
      let lines = '';
      if (style < 0.45) {
        // Crop rows converging on the vanishing point.
        const span = right - left;
        const lo = Math.max(left, -w * 0.5);
        const hi = Math.min(right, w * 1.5);
        const gap = (2.5 + 5 * t) * u * (1 + (span > w ? 1 : 0));
        for (let x = lo + gap / 2; x < hi; x += gap) lines += `M${num(x)} ${num(yTop)}L${num(along(x, yBot))} ${num(yBot)}`;
      } else if (style < 0.8) {
        // Furrows across the field, closing up with distance.
        const n = Math.round(8 + 10 * t);
        for (let j = 1; j <= n; j++) {
          const y = yTop + (yBot - yTop) * (j / n) ** 1.5;
          lines += `M${num(along(left, y))} ${num(y)}L${num(along(right, y))} ${num(y)}`;
        }
      }
      if (lines !== '') {
        fields += el('path', { d: lines, fill: 'none', stroke, 'stroke-width': (0.6 + 1.6 * t) * u, opacity: 0.6 });
      }
      if (i > 0) hedges += `M${num(left)} ${num(yTop)}L${num(along(left, yBot))} ${num(yBot)}`;
    }
    const hedgeTone = depthTone(ctx, 0.45 + 0.5 * t, pal.land[2]);
    fields += el('path', { d: hedges, fill: 'none', stroke: hedgeTone, 'stroke-width': (0.8 + 2.5 * t) * u, opacity: 0.85 });
    out.push(el('g', { 'clip-path': clip }, fields));

    // A hedgerow of trees along the brow of the band.
    let trees = '';
    const r = (2.5 + 9 * t * t) * u * (h / 900) * (w / 1600 > 0 ? 1 : 1);
    let x = between(rng, -20, 0) * u;
    while (x < w) {
      if (rng() < 0.55) {
        const s = r * between(rng, 0.7, 1.3);
        trees += ellipseD(x, wave(x) - s * 0.5, s, s * 0.9);
      }
      x += r * between(rng, 1.2, 3.5) * (rng() < 0.08 ? 8 : 1);
    }
    out.push(el('path', { d: trees + landStrokeD(ctx, wave, r * 0.35), fill: hedgeTone }));
  }
}

/** A thin ribbon along a wave: the hedge line on a field's brow. */
function landStrokeD(ctx: Ctx, wave: Wave, thick: number): string {
  const points = sampleWave(ctx, wave);
  const upper = points.map((p) => ({ x: p.x, y: p.y - thick / 2 }));
  const lower = points.map((p) => ({ x: p.x, y: p.y + thick / 2 })).reverse();
  const first = upper[0] ?? { x: 0, y: 0 };
  const turn = lower[0] ?? first;
  return `M${pt(first)}${curveThrough(upper)}L${pt(turn)}${curveThrough(lower)}z`;
}

function drawDistance(ctx: Ctx, horizon: number, layers: number): void {
  const { h, rng, out, pal } = ctx;
  for (let k = 0; k < layers; k++) {
    const t = k / Math.max(1, layers);
    const wave = makeWave(ctx, horizon - h * (0.035 - 0.02 * t), h * (0.03 - 0.01 * t), between(rng, 0.8, 1.6));
    out.push(el('path', { d: landD(ctx, wave), fill: depthTone(ctx, 0.05 + 0.18 * t, k === 0 ? undefined : pal.land[2]) }));
  }
  mist(ctx, horizon, ctx.h * 0.06, 0.35);
}

function drawFields(ctx: Ctx, horizon: number): void {
  const { w, rng } = ctx;
  drawDistance(ctx, horizon, 2);
  drawFarmland(ctx, horizon, w * between(rng, 0.3, 0.7), 5);
  foregroundTree(ctx);
}

function foregroundTree(ctx: Ctx): void {
  const { w, h, rng, pal, out } = ctx;
  if (rng() < 0.35) return;
  const x = rng() < 0.5 ? between(rng, 0.06, 0.22) * w : between(rng, 0.78, 0.94) * w;
  const size = h * between(rng, 0.22, 0.3);
  const y = h * between(rng, 0.8, 0.88);
  out.push(el('path', { d: roundTreeD(x, y, size), fill: depthTone(ctx, 0.9, pal.land[2]) }));
}

function drawRiver(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, rng, out, u } = ctx;
  drawDistance(ctx, horizon, 2);
  const vpX = w * between(rng, 0.35, 0.65);
  drawFarmland(ctx, horizon, vpX, 4);

  // The river in true perspective: screen offset = world offset / distance.
  const ground = h - horizon;
  const amp = between(rng, 0.9, 1.4);
  const freq = between(rng, 0.55, 0.8);
  const phase = rng() * Math.PI * 2;
  const drift = between(rng, -0.3, 0.3);
  const halfWidth = between(rng, 0.2, 0.28);
  const left: Pt[] = [];
  const right: Pt[] = [];
  const samples = 70;
  for (let i = 0; i <= samples; i++) {
    const s = 0.025 + (1.12 - 0.025) * (i / samples) ** 1.4;
    const z = 1 / s;
    const worldX = amp * Math.sin(z * freq + phase) + drift * z * 0.15;
    const y = horizon + ground * s;
    const cx = vpX + worldX * ground * s;
    const half = halfWidth * ground * s * 1.3;
    left.push({ x: cx - half, y });
    right.push({ x: cx + half, y });
  }
  const riverD = `M${pt(left[0] ?? { x: vpX, y: horizon })}${curveThrough(left)}L${pt(right[right.length - 1] ?? { x: vpX, y: h })}${curveThrough([...right].reverse())}z`;
  const water = linearGradient(ctx, 'water', [
    [0, pal.water[0], 1],
    [1, mix(pal.water[1], pal.water[0], 0.25), 1],
  ]);
  const bank = mix(depthTone(ctx, 0.6, pal.land[1]), pal.haze, 0.2);
  out.push(el('path', { d: riverD, fill: 'none', stroke: bank, 'stroke-width': 5 * u, 'stroke-linejoin': 'round' }));
  out.push(el('path', { d: riverD, fill: water }));

  // Glints on the water, clipped to the river.
  const clip = clipTo(ctx, riverD);
  const glintRng = fork(ctx);
  let glints = '';
  for (let i = 0; i < 70; i++) {
    const s = 0.03 + glintRng() ** 1.6;
    const y = horizon + ground * s;
    const len = (6 + 60 * s) * u * between(glintRng, 0.5, 1.5);
    const x = between(glintRng, 0, w);
    glints += rectD(x, y, len, (0.8 + 2 * s) * u);
  }
  if (pal.body !== 'none') {
    for (let i = 0; i < 30; i++) {
      const s = 0.03 + glintRng() ** 1.3 * 0.9;
      const len = (10 + 80 * s) * u * between(glintRng, 0.4, 1.2);
      glints += rectD(body.x - len / 2 + between(glintRng, -1, 1) * 30 * u * s, horizon + ground * s, len, (1 + 2 * s) * u);
    }
  }
  out.push(el('path', { d: glints, fill: pal.shimmer, opacity: 0.45, 'clip-path': clip }));

  // Willows and alders on the banks.
  let trees = '';
  for (let i = 0; i < 14; i++) {
    const side = rng() < 0.5 ? left : right;
    const p = side[Math.floor(between(rng, 0.15, 0.85) * side.length)];
    if (p === undefined) continue;
    const s = (p.y - horizon) / ground;
    const size = h * 0.12 * s * between(rng, 0.7, 1.3);
    const x = p.x + (side === left ? -1 : 1) * size * 0.3;
    trees += rng() < 0.5 ? roundTreeD(x, p.y, size) : poplarD(x, p.y, size * 1.3);
  }
  out.push(el('path', { d: trees, fill: depthTone(ctx, 0.8, pal.land[2]) }));
}

// ---- Harbour -----------------------------------------------------------------------------------

const containerColours = ['#b5533c', '#3f6e8c', '#c99a3b', '#5b7f5a', '#8a8f93', '#7a4a5e'] as const;

function containerTone(ctx: Ctx, base: string, wall: string): string {
  const dim = { dawn: 0.5, day: 0.3, dusk: 0.55, night: 0.85, overcast: 0.5 }[ctx.light];
  return mix(base, wall, dim);
}

/** A ship-to-shore container crane standing at (x, y), `size` tall, boom to the left or right. */
function craneD(x: number, y: number, size: number, dir: number, raised: boolean, u: number): string {
  const leg = size * 0.028;
  const gauge = size * 0.3;
  const portal = y - size * 0.5;
  const boomY = y - size * 0.58;
  const apex = { x: x + (dir > 0 ? gauge * 0.75 : gauge * 0.25), y: y - size };
  let d = '';
  // Legs, sill beam and portal beam.
  d += rectD(x - leg / 2, portal, leg, y - portal);
  d += rectD(x + gauge - leg / 2, portal, leg, y - portal);
  d += rectD(x - leg, portal, gauge + leg * 2, size * 0.035);
  d += rectD(x - leg, y - size * 0.22, gauge + leg * 2, size * 0.018);
  // Feet.
  d += rectD(x - leg * 1.5, y - size * 0.02, leg * 3, size * 0.02);
  d += rectD(x + gauge - leg * 1.5, y - size * 0.02, leg * 3, size * 0.02);
  // Back-reach with machinery house.
  const backStart = dir > 0 ? x - size * 0.22 : x + gauge + size * 0.22;
  const outTip = dir > 0 ? x + gauge + size * 0.62 : x - size * 0.62;
  const backX = Math.min(backStart, dir > 0 ? x : x + gauge);
  const backW = Math.abs(backStart - (dir > 0 ? x + gauge * 0.5 : x + gauge * 0.5));
  d += rectD(backX, boomY, backW + (dir > 0 ? 0 : 0), size * 0.04);
  d += rectD(dir > 0 ? x - size * 0.2 : x + gauge + size * 0.2 - size * 0.12, boomY - size * 0.05, size * 0.12, size * 0.05);
  // Apex frame.
  const thin = Math.max(size * 0.012, 1.2 * u);
  d += polyD([
    { x: x, y: portal },
    { x: apex.x - thin, y: apex.y },
    { x: apex.x + thin, y: apex.y },
    { x: x + leg, y: portal },
  ]);
  d += polyD([
    { x: x + gauge, y: portal },
    { x: apex.x + thin, y: apex.y },
    { x: apex.x - thin, y: apex.y },
    { x: x + gauge - leg, y: portal },
  ]);
  if (raised) {
    // The outreach boom lifted near vertical, as cranes rest between ships.
    const hinge = { x: dir > 0 ? x + gauge : x, y: boomY };
    const angle = 1.25;
    const len = size * 0.58;
    const tip = { x: hinge.x + dir * Math.cos(angle) * len, y: hinge.y - Math.sin(angle) * len };
    const nx = Math.sin(angle) * size * 0.02;
    const ny = Math.cos(angle) * size * 0.02 * dir;
    d += polyD([
      { x: hinge.x - nx, y: hinge.y - ny },
      { x: tip.x - nx, y: tip.y - ny },
      { x: tip.x + nx, y: tip.y + ny },
      { x: hinge.x + nx, y: hinge.y + ny },
    ]);
    d += polyD([
      { x: apex.x, y: apex.y },
      { x: tip.x, y: tip.y },
      { x: tip.x, y: tip.y + thin * 1.5 },
      { x: apex.x, y: apex.y + thin * 1.5 },
    ]);
  } else {
    const from = dir > 0 ? x + gauge * 0.5 : outTip;
    d += rectD(from, boomY, Math.abs(outTip - (x + gauge * 0.5)), size * 0.04);
    // Stays from the apex to the boom.
    for (const reach of [0.45, 1]) {
      const target = { x: x + gauge * 0.5 + (outTip - (x + gauge * 0.5)) * reach, y: boomY };
      d += polyD([
        { x: apex.x, y: apex.y },
        { x: target.x, y: target.y },
        { x: target.x, y: target.y + thin * 1.6 },
        { x: apex.x, y: apex.y + thin * 1.6 },
      ]);
    }
    const back = { x: backStart, y: boomY };
    d += polyD([apex, back, { x: back.x, y: back.y + thin * 1.6 }, { x: apex.x, y: apex.y + thin * 1.6 }]);
    // Trolley and spreader.
    const trolley = x + gauge * 0.5 + (outTip - (x + gauge * 0.5)) * 0.6;
    d += rectD(trolley - size * 0.03, boomY + size * 0.04, size * 0.06, size * 0.025);
    d += rectD(trolley - size * 0.002, boomY + size * 0.065, size * 0.004, size * 0.2);
    d += rectD(trolley - size * 0.05, boomY + size * 0.265, size * 0.1, size * 0.015);
  }
  return d;
}

function drawHarbour(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, rng, out, u } = ctx;
  // Far shore hills and a low town.
  const hillsWave = makeWave(ctx, horizon - h * 0.06, h * 0.035, between(rng, 0.8, 1.3));
  out.push(el('path', { d: landD(ctx, hillsWave), fill: depthTone(ctx, 0.06) }));
  let town = '';
  for (let x = -10 * u; x < w; ) {
    const bw = between(rng, 14, 50) * u;
    const bh = between(rng, 0.01, 0.045) * h * (rng() < 0.07 ? 2.2 : 1);
    town += rectD(x, horizon - bh, bw, bh + 2);
    x += bw;
  }
  out.push(el('path', { d: town, fill: depthTone(ctx, 0.18) }));
  mist(ctx, horizon - h * 0.01, h * 0.06, 0.3);

  // Water.
  const water = linearGradient(ctx, 'water', [
    [0, pal.water[0], 1],
    [1, pal.water[1], 1],
  ]);
  out.push(el('rect', { x: 0, y: horizon, width: w, height: h - horizon, fill: water }));

  // The container terminal on the far quay.
  const dir = rng() < 0.5 ? 1 : -1;
  const quayStart = dir > 0 ? -0.02 * w : w * between(rng, 0.35, 0.5);
  const quayEnd = dir > 0 ? w * between(rng, 0.5, 0.65) : w * 1.02;
  const quayTop = horizon + h * 0.03;
  const wall = depthTone(ctx, 0.4);
  out.push(el('path', { d: rectD(quayStart, quayTop, quayEnd - quayStart, h * 0.025), fill: depthTone(ctx, 0.5) }));
  let stacks = '';
  for (let x = quayStart + 8 * u; x < quayEnd - 40 * u; ) {
    const cw = w * 0.028;
    const ch = cw * 0.42;
    const high = 1 + Math.floor(rng() * 4);
    for (let j = 0; j < high; j++) {
      const colour = containerTone(ctx, pick(rng, containerColours), wall);
      stacks += el('path', { d: rectD(x, quayTop - ch * (j + 1), cw - u, ch - u), fill: colour });
    }
    x += cw * (rng() < 0.15 ? 2 : 1);
  }
  out.push(el('g', {}, stacks));
  const craneTone = mix(containerTone(ctx, pal.accent, wall), wall, 0.3);
  let cranes = '';
  let beacons = '';
  const craneCount = 2 + Math.floor(rng() * 2);
  const span = quayEnd - quayStart;
  for (let i = 0; i < craneCount; i++) {
    const x = quayStart + span * ((i + 0.5 + between(rng, -0.15, 0.15)) / craneCount);
    const size = h * between(rng, 0.36, 0.42);
    cranes += craneD(x, quayTop, size, -dir, rng() < 0.3, u);
    beacons += ellipseD(x + size * 0.3 * (dir < 0 ? 0.75 : 0.25), quayTop - size - 3 * u, 3 * u, 3 * u);
  }
  out.push(el('path', { d: cranes, fill: craneTone }));
  if (ctx.light === 'night' || ctx.light === 'dusk') {
    // Aviation lights on the cranes and floodlights along the quay.
    let lamps = '';
    for (let x = quayStart + 20 * u; x < quayEnd - 10 * u; x += 70 * u) lamps += ellipseD(x, quayTop + h * 0.004, 2.6 * u, 2 * u);
    out.push(el('path', { d: beacons, fill: '#e0614e', opacity: 0.95 }));
    out.push(el('path', { d: lamps, fill: pal.lit, opacity: 0.9 }));
  }

  // Reflections of the terminal, ruffled.
  let ripples = '';
  for (let i = 0; i < 40; i++) {
    const y = quayTop + h * 0.03 + rng() ** 1.5 * h * 0.14;
    const x = quayStart + rng() * (quayEnd - quayStart);
    ripples += rectD(x, y, between(rng, 20, 120) * u, between(rng, 1, 2.5) * u);
  }
  out.push(el('path', { d: ripples, fill: wall, opacity: 0.25 }));

  drawShip(ctx, horizon, dir);
  drawWaterGlints(ctx, horizon, body);

  // A jetty runs into the foreground from the near edge.
  const jx = dir > 0 ? w * between(rng, 0.72, 0.86) : w * between(rng, 0.14, 0.28);
  const deckY = h * 0.9;
  const near = depthTone(ctx, 1);
  let jetty = rectD(dir > 0 ? jx : -10 * u, deckY, dir > 0 ? w - jx + 10 * u : jx + 10 * u, h * 0.025);
  for (let x = dir > 0 ? jx + 8 * u : jx - 14 * u; dir > 0 ? x < w : x > 0; x += dir * 58 * u) {
    jetty += rectD(x, deckY - 10 * u, 7 * u, h - deckY + 10 * u);
  }
  const bollard = dir > 0 ? jx + 30 * u : jx - 40 * u;
  jetty += rectD(bollard, deckY - 14 * u, 10 * u, 14 * u) + rectD(bollard - 3 * u, deckY - 16 * u, 16 * u, 4 * u);
  out.push(el('path', { d: jetty, fill: near }));
}

function drawShip(ctx: Ctx, horizon: number, dir: number): void {
  const { w, h, pal, rng, out, u } = ctx;
  const length = w * between(rng, 0.36, 0.44);
  const waterline = horizon + h * between(rng, 0.17, 0.2);
  const sx = dir > 0 ? w * between(rng, 0.42, 0.52) : w * between(rng, 0.06, 0.16);
  const hullH = length * 0.075;
  const hull = depthTone(ctx, 0.78);
  const bowLeft = dir > 0; // Bow faces out of the harbour.
  const bowX = bowLeft ? sx : sx + length;
  const sternX = bowLeft ? sx + length : sx;
  const s = bowLeft ? 1 : -1;
  const hullPts: Pt[] = [
    { x: bowX - s * length * 0.02, y: waterline - hullH },
    { x: sternX, y: waterline - hullH },
    { x: sternX - s * length * 0.01, y: waterline },
    { x: bowX + s * length * 0.05, y: waterline },
  ];

  // Deck cargo in muted rows.
  let cargo = '';
  const cw = length * 0.045;
  const ch = cw * 0.5;
  const cargoFrom = bowLeft ? bowX + length * 0.1 : sternX + length * 0.22;
  const cargoTo = bowLeft ? sternX - length * 0.22 : bowX - length * 0.1;
  for (let x = cargoFrom; x < cargoTo - cw; x += cw) {
    const high = 2 + Math.floor(rng() * 3);
    for (let j = 0; j < high; j++) {
      const colour = containerTone(ctx, pick(rng, containerColours), hull);
      cargo += el('path', { d: rectD(x, waterline - hullH - ch * (j + 1), cw - u, ch - u), fill: colour });
    }
  }
  // Superstructure at the stern, funnel behind it.
  const houseW = length * 0.09;
  const houseX = bowLeft ? sternX - length * 0.2 : sternX + length * 0.11;
  const houseH = length * 0.17;
  const houseTone = mix(hull, pal.haze, 0.25);
  let house = rectD(houseX, waterline - hullH - houseH, houseW, houseH);
  house += rectD(houseX - houseW * 0.2, waterline - hullH - houseH, houseW * 1.4, houseH * 0.08);
  const funnelX = bowLeft ? houseX + houseW + length * 0.02 : houseX - length * 0.05;
  house += rectD(funnelX, waterline - hullH - houseH * 0.8, length * 0.03, houseH * 0.8);
  const bridgeWindows = rectD(houseX - houseW * 0.15, waterline - hullH - houseH * 0.86, houseW * 1.3, houseH * 0.05);

  // Broken reflection first, so the hull sits on it.
  let reflection = '';
  for (let i = 0; i < 9; i++) {
    const y = waterline + i * hullH * 0.35;
    const inset = length * between(rng, 0, 0.06) + i * length * 0.01;
    reflection += rectD(sx + inset, y, length - inset * 2, hullH * 0.22);
  }
  out.push(el('path', { d: reflection, fill: hull, opacity: 0.3 }));
  out.push(el('path', { d: polyD(hullPts), fill: hull }));
  const boot = containerTone(ctx, pal.accent, hull);
  out.push(el('path', { d: rectD(Math.min(bowX, sternX) + length * 0.03, waterline - hullH * 0.22, length * 0.95, hullH * 0.22), fill: boot }));
  out.push(el('g', {}, cargo));
  out.push(el('path', { d: house, fill: houseTone }));
  out.push(el('path', { d: bridgeWindows, fill: ctx.light === 'night' || ctx.light === 'dusk' ? pal.lit : mix(houseTone, pal.near, 0.5) }));
}

function drawWaterGlints(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, out, u } = ctx;
  const rng = fork(ctx);
  let lines = '';
  for (let i = 0; i < 90; i++) {
    const s = rng() ** 1.4;
    const y = horizon + h * 0.005 + (h - horizon) * s;
    lines += rectD(rng() * w, y, (10 + 90 * s) * u * between(rng, 0.4, 1.4), (0.8 + 2.2 * s) * u);
  }
  out.push(el('path', { d: lines, fill: pal.shimmer, opacity: 0.22 }));
  if (pal.body === 'none') return;
  let path = '';
  for (let i = 0; i < 40; i++) {
    const s = rng() ** 1.2;
    const spread = (0.6 + 2.2 * s) * body.r;
    const len = spread * between(rng, 0.3, 0.9);
    path += rectD(body.x + between(rng, -1, 1) * spread * 0.5 - len / 2, horizon + h * 0.004 + (h - horizon) * s, len, (1 + 2.5 * s) * u);
  }
  out.push(el('path', { d: path, fill: pal.bodyColour, opacity: ctx.light === 'day' ? 0.5 : 0.65 }));
}

// ---- Cities ------------------------------------------------------------------------------------

type CityLayer = {
  t: number;
  baseY: number;
  minH: number;
  maxH: number;
  minW: number;
  maxW: number;
  cell: { w: number; h: number } | undefined;
  towers: number;
  litShare: number;
};

type Building = { x: number; w: number; top: number; style: 'grid' | 'ribbon' | 'mullion' | 'blank' };

/** A window cell in whole pixels (see the note on pattern tiles in drawFinish). */
function cellOf(w: number, h: number): { w: number; h: number } {
  return { w: Math.max(3, Math.round(w)), h: Math.max(4, Math.round(h)) };
}

function snap(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/** One row of buildings: silhouettes with roofs, window patterns and the odd lit window. */
function drawCityLayer(ctx: Ctx, layer: CityLayer): string {
  const { w, h, pal, rng, u } = ctx;
  const litRng = fork(ctx);
  const tone = depthTone(ctx, layer.t);
  const cell = layer.cell ?? { w: 10 * u, h: 10 * u };
  let shapes = '';
  let lights = '';
  let beacons = '';
  const buildings: Building[] = [];
  let x = snap(-between(rng, 0, layer.maxW), cell.w);
  while (x < w) {
    const bw = Math.max(cell.w * 3, snap(between(rng, layer.minW, layer.maxW), cell.w));
    let bh = layer.minH + (layer.maxH - layer.minH) * rng() ** 1.5;
    if (rng() < layer.towers) bh = layer.maxH * between(rng, 1, 1.25);
    const top = snap(layer.baseY - bh, cell.h);
    shapes += rectD(x, top, bw, layer.baseY - top + 2);
    const roof = rng();
    if (roof < 0.22) {
      // Setbacks.
      const sh = cell.h * Math.round(between(rng, 1, 3));
      shapes += rectD(x + bw * 0.15, top - sh, bw * 0.7, sh + 1);
      if (rng() < 0.5) shapes += rectD(x + bw * 0.3, top - sh * 2, bw * 0.4, sh + 1);
    } else if (roof < 0.36) {
      // Mast.
      const mh = h * between(rng, 0.04, 0.1);
      const mx = x + bw * between(rng, 0.3, 0.7);
      shapes += rectD(mx - 1.2 * u, top - mh, 2.4 * u, mh + 1) + rectD(mx - bw * 0.12, top - 5 * u, bw * 0.24, 5 * u + 1);
      beacons += ellipseD(mx, top - mh, 2.6 * u, 2.6 * u);
    } else if (roof < 0.46) {
      // Slanted crown.
      const rise = bw * between(rng, 0.2, 0.5);
      shapes +=
        rng() < 0.5
          ? polyD([
              { x, y: top + 1 },
              { x, y: top - rise },
              { x: x + bw, y: top + 1 },
            ])
          : polyD([
              { x, y: top + 1 },
              { x: x + bw, y: top - rise },
              { x: x + bw, y: top + 1 },
            ]);
    } else if (roof < 0.56) {
      // Stepped, art deco.
      const step = cell.h * 1.2;
      for (let i = 1; i <= 3; i++) shapes += rectD(x + bw * 0.12 * i, top - step * i, bw * (1 - 0.24 * i), step + 1);
      if (rng() < 0.6)
        shapes += polyD([
          { x: x + bw * 0.47, y: top - step * 3 },
          { x: x + bw * 0.5, y: top - step * 3 - h * 0.06 },
          { x: x + bw * 0.53, y: top - step * 3 },
        ]);
    } else if (roof < 0.66) {
      // Plant room.
      shapes += rectD(x + bw * between(rng, 0.1, 0.5), top - cell.h * 0.8, bw * 0.35, cell.h * 0.8 + 1);
    }
    const styles: Building['style'][] = ['grid', 'grid', 'grid', 'ribbon', 'mullion', 'blank'];
    buildings.push({ x, w: bw, top, style: layer.cell === undefined ? 'blank' : pick(rng, styles) });
    x += bw + (rng() < 0.2 ? cell.w * Math.round(between(rng, 1, 3)) : 0);
  }

  let markup = el('path', { d: shapes, fill: tone });
  if (layer.cell !== undefined) {
    const pane = ctx.light === 'night' ? mix(tone, pal.pane, 0.55) : mix(tone, pal.pane, 0.4);
    const patterns: Record<'grid' | 'ribbon' | 'mullion', string> = {
      grid: windowPattern(ctx, cell, rectD(cell.w * 0.28, cell.h * 0.24, cell.w * 0.44, cell.h * 0.5), pane),
      ribbon: windowPattern(ctx, cell, rectD(0, cell.h * 0.3, cell.w, cell.h * 0.42), pane),
      mullion: windowPattern(ctx, cell, rectD(cell.w * 0.15, 0, cell.w * 0.3, cell.h), pane),
    };
    let facades = '';
    for (const b of buildings) {
      if (b.style === 'blank') continue;
      const inset = b.w >= cell.w * 5 ? cell.w : 0;
      const fx = b.x + inset;
      const fw = b.w - inset * 2;
      const fy = b.top + cell.h;
      facades += el('rect', { x: num(fx, 2), y: num(fy, 2), width: num(fw, 2), height: num(layer.baseY - fy, 2), fill: patterns[b.style] });

      // Lit windows come in runs along a floor.
      if (layer.litShare <= 0 || b.style === 'mullion') continue;
      const cols = Math.round(fw / cell.w);
      const rows = Math.round((layer.baseY - fy) / cell.h);
      const share = layer.litShare * between(litRng, 0.3, 1.6);
      for (let r = 0; r < rows; r++) {
        if (litRng() > share * 1.6) continue;
        let c = Math.floor(litRng() * cols);
        const run = 1 + Math.floor(litRng() * Math.max(1, cols * share * 1.5));
        for (let k = 0; k < run && c < cols; k++, c++) {
          const cx = fx + c * cell.w;
          const cy = fy + r * cell.h;
          lights +=
            b.style === 'ribbon'
              ? rectD(cx, cy + cell.h * 0.3, cell.w, cell.h * 0.42)
              : rectD(cx + cell.w * 0.28, cy + cell.h * 0.24, cell.w * 0.44, cell.h * 0.5);
        }
      }
    }
    markup += facades;
  }
  if (lights !== '') markup += el('path', { d: lights, fill: pal.lit, opacity: 0.9 });
  if (ctx.light === 'night' || ctx.light === 'dusk') {
    if (beacons !== '') markup += el('path', { d: beacons, fill: '#e0614e', opacity: 0.9 });
  }
  return markup;
}

function windowPattern(ctx: Ctx, cell: { w: number; h: number }, d: string, fill: string): string {
  const id = newId(ctx, 'win');
  ctx.defs.push(el('pattern', { id, patternUnits: 'userSpaceOnUse', width: num(cell.w, 3), height: num(cell.h, 3) }, el('path', { d, fill })));
  return `url(#${id})`;
}

function drawSkyline(ctx: Ctx, horizon: number): void {
  const { w, h, pal, rng, out, u } = ctx;
  const ground = h + 2;
  const share = pal.litShare;
  out.push(
    drawCityLayer(ctx, { t: 0.12, baseY: ground, minH: h * 0.28, maxH: h * 0.55, minW: 40 * u, maxW: 110 * u, cell: undefined, towers: 0.12, litShare: 0 }),
  );
  mist(ctx, horizon, h * 0.2, 0.35);
  out.push(
    drawCityLayer(ctx, {
      t: 0.4,
      baseY: ground,
      minH: h * 0.18,
      maxH: h * 0.42,
      minW: 50 * u,
      maxW: 130 * u,
      cell: cellOf(9 * u, 13 * u),
      towers: 0.1,
      litShare: share * 0.7,
    }),
  );
  mist(ctx, h * 0.86, h * 0.14, 0.22);
  out.push(
    drawCityLayer(ctx, {
      t: 0.72,
      baseY: ground,
      minH: h * 0.08,
      maxH: h * 0.26,
      minW: 70 * u,
      maxW: 170 * u,
      cell: cellOf(14 * u, 20 * u),
      towers: 0.06,
      litShare: share,
    }),
  );
  // A park's edge: trees and a low wall in front of the street.
  const edge = makeWave(ctx, h * 0.955, h * 0.01, 2);
  let trees = '';
  let x = between(rng, -30, 0) * u;
  while (x < w) {
    const s = h * between(rng, 0.07, 0.12);
    if (rng() < 0.6) trees += roundTreeD(x, edge(x), s);
    x += s * between(rng, 0.45, 1.2);
  }
  const near = depthTone(ctx, 1, pal.land[2]);
  out.push(el('path', { d: trees + landD(ctx, edge), fill: near }));
  if (ctx.light === 'night' || ctx.light === 'dusk') {
    // Street lamps along the park.
    let lamps = '';
    let posts = '';
    for (let lx = between(rng, 20, 80) * u; lx < w; lx += between(rng, 110, 170) * u) {
      const top = edge(lx) - h * 0.045;
      posts += rectD(lx - 0.8 * u, top, 1.6 * u, h * 0.05) + rectD(lx - 4 * u, top - 1 * u, 8 * u, 2 * u);
      lamps += ellipseD(lx, top + 2.5 * u, 3.2 * u, 2.4 * u);
    }
    out.push(el('path', { d: posts, fill: near }));
    out.push(el('path', { d: lamps, fill: pal.lit, opacity: 0.95 }));
  }
}

function drawNightCity(ctx: Ctx, horizon: number, body: Body): void {
  const { w, h, pal, rng, out, u } = ctx;
  // The city is lit whatever the sky: more windows than the light alone would give.
  const share = Math.max(pal.litShare, 0.22) * 1.1;
  const groupId = newId(ctx, 'city');
  let city = '';
  city += drawCityLayer(ctx, {
    t: 0.1,
    baseY: horizon,
    minH: h * 0.16,
    maxH: h * 0.4,
    minW: 30 * u,
    maxW: 90 * u,
    cell: cellOf(6 * u, 9 * u),
    towers: 0.15,
    litShare: share * 0.6,
  });
  const glow = linearGradient(ctx, 'cityglow', [
    [0, pal.lit, 0],
    [1, pal.lit, ctx.light === 'night' ? 0.18 : 0.08],
  ]);
  city += el('rect', { x: 0, y: horizon - h * 0.25, width: w, height: h * 0.25, fill: glow });
  city += drawCityLayer(ctx, {
    t: 0.55,
    baseY: horizon,
    minH: h * 0.07,
    maxH: h * 0.28,
    minW: 50 * u,
    maxW: 130 * u,
    cell: cellOf(9 * u, 13 * u),
    towers: 0.12,
    litShare: share,
  });
  city += el('path', { d: rectD(0, horizon - h * 0.012, w, h * 0.014), fill: depthTone(ctx, 0.85) });
  out.push(el('g', { id: groupId }, city));

  // Water with the city's reflection, broken by ripples.
  const water = linearGradient(ctx, 'water', [
    [0, pal.water[0], 1],
    [1, pal.water[1], 1],
  ]);
  out.push(el('rect', { x: 0, y: horizon, width: w, height: h - horizon, fill: water }));
  out.push(el('use', { href: `#${groupId}`, transform: `matrix(1 0 0 -1 0 ${num(horizon * 2, 2)})`, opacity: 0.32 }));
  let ripples = '';
  for (let i = 0; i < 120; i++) {
    const s = rng() ** 1.3;
    ripples += rectD(rng() * w, horizon + (h - horizon) * s, (20 + 140 * s) * u * between(rng, 0.5, 1.5), (1 + 3 * s) * u);
  }
  out.push(el('path', { d: ripples, fill: mix(pal.water[0], pal.water[1], 0.5), opacity: 0.55 }));
  drawWaterGlints(ctx, horizon, body);
  // Embankment in the foreground.
  const near = depthTone(ctx, 1);
  let rail = rectD(-5 * u, h * 0.955, w + 10 * u, h * 0.05);
  rail += rectD(-5 * u, h * 0.905, w + 10 * u, 3 * u);
  for (let x = between(rng, 0, 30) * u; x < w; x += 46 * u) rail += rectD(x, h * 0.905, 3 * u, h * 0.05);
  out.push(el('path', { d: rail, fill: near }));
}

// ---- Abstract ----------------------------------------------------------------------------------

function drawAbstract(ctx: Ctx, body: Body): void {
  const { w, h, pal, rng, out, u } = ctx;
  const background = linearGradient(
    ctx,
    'bg',
    [
      [0, pal.sky[0], 1],
      [0.65, pal.sky[1], 1],
      [1, pal.sky[2], 1],
    ],
    { x1: 0, y1: 0, x2: 0.3, y2: 1 },
  );
  out.push(el('rect', { width: w, height: h, fill: background }));
  const tilt = between(rng, 8, 20) * (rng() < 0.5 ? -1 : 1);
  const ground = h * between(rng, 0.76, 0.82);

  // Broad translucent bands, all at one angle.
  const bandColours = [pal.sky[2], pal.far, pal.glow];
  for (let i = 0; i < 3; i++) {
    const cy = h * between(rng, 0.2, 0.75);
    const thick = h * between(rng, 0.05, 0.16);
    out.push(
      el('rect', {
        x: -w * 0.3,
        y: cy - thick / 2,
        width: w * 1.6,
        height: thick,
        fill: bandColours[i] ?? pal.far,
        opacity: between(rng, 0.18, 0.32),
        transform: `rotate(${num(tilt, 2)} ${num(w / 2)} ${num(cy)})`,
      }),
    );
  }

  // The sun or moon as a large disc with a thin echoing ring.
  const sun = { x: body.x, y: h * between(rng, 0.34, 0.46), r: h * between(rng, 0.2, 0.26) };
  out.push(el('circle', { cx: sun.x, cy: sun.y, r: sun.r * 1.22, fill: 'none', stroke: pal.bodyColour, 'stroke-width': 2 * u, opacity: 0.55 }));
  out.push(el('circle', { cx: sun.x, cy: sun.y, r: sun.r, fill: pal.bodyColour, opacity: 0.92 }));

  // A second disc filled with fine lines, overlapping the first.
  const other = {
    x: sun.x + (sun.x < w / 2 ? 1 : -1) * w * between(rng, 0.16, 0.26),
    y: sun.y + h * between(rng, 0.04, 0.16),
    r: h * between(rng, 0.16, 0.24),
  };
  const stripeId = newId(ctx, 'stripes');
  const pitch = Math.max(3, Math.round(7 * u));
  ctx.defs.push(
    el(
      'pattern',
      { id: stripeId, patternUnits: 'userSpaceOnUse', width: num(pitch * 4, 3), height: num(pitch, 3), patternTransform: `rotate(${num(tilt, 2)})` },
      el('rect', { width: num(pitch * 4, 3), height: num(pitch * 0.4, 3), fill: pal.near }),
    ),
  );
  out.push(el('circle', { cx: other.x, cy: other.y, r: other.r, fill: pal.accent, opacity: 0.55 }));
  out.push(el('circle', { cx: other.x, cy: other.y, r: other.r, fill: `url(#${stripeId})`, opacity: 0.35 }));

  // Two smaller translucent discs balance the composition.
  for (const colour of [pal.far, pal.land[0]]) {
    out.push(
      el('circle', {
        cx: w * (sun.x < w / 2 ? between(rng, 0.6, 0.9) : between(rng, 0.1, 0.4)),
        cy: h * between(rng, 0.15, 0.7),
        r: h * between(rng, 0.07, 0.15),
        fill: colour,
        opacity: between(rng, 0.5, 0.7),
      }),
    );
  }

  // A low horizon, with the disc's reflection laid on it in bars.
  out.push(el('rect', { x: 0, y: ground, width: w, height: h - ground, fill: depthTone(ctx, 0.8) }));
  let bars = '';
  let y = ground + h * 0.018;
  for (let i = 0; i < 6; i++) {
    const half = sun.r * (1 - i * 0.14) * between(rng, 0.85, 1.1);
    const thick = h * (0.006 + i * 0.002);
    bars += rectD(sun.x - half, y, half * 2, thick);
    y += thick + h * (0.012 + i * 0.006);
  }
  out.push(el('path', { d: bars, fill: pal.bodyColour, opacity: 0.45 }));
}

// ---------------------------------------------------------------------------------------------
// Finish: print-like texture and a soft vignette.

function drawFinish(ctx: Ctx): void {
  const { w, h, pal, skyRng: rng, out, u } = ctx;
  // Pattern tiles are whole pixels: librsvg rasterises fractional tiles many times slower.
  const tile = Math.max(16, Math.round(120 * u));
  let light = '';
  let dark = '';
  for (let i = 0; i < 140; i++) {
    const s = between(rng, 0.8, 1.8) * u;
    const d = rectD(rng() * tile, rng() * tile, s, s);
    if (i % 2 === 0) light += d;
    else dark += d;
  }
  const grain = newId(ctx, 'grain');
  ctx.defs.push(
    el(
      'pattern',
      { id: grain, patternUnits: 'userSpaceOnUse', width: num(tile, 3), height: num(tile, 3) },
      el('path', { d: light, fill: '#ffffff', opacity: 0.07 }) + el('path', { d: dark, fill: '#000000', opacity: 0.1 }),
    ),
  );
  const lines = newId(ctx, 'lines');
  const pitch = Math.max(2, Math.round(4 * u));
  ctx.defs.push(
    el(
      'pattern',
      { id: lines, patternUnits: 'userSpaceOnUse', width: pitch * 16, height: pitch },
      el('rect', { width: pitch * 16, height: num(Math.max(0.6, pitch * 0.3), 2), fill: pal.near }),
    ),
  );
  out.push(el('rect', { width: w, height: h, fill: `url(#${grain})` }));
  out.push(el('rect', { width: w, height: h, fill: `url(#${lines})`, opacity: 0.045 }));
  const vignette = radialGradient(ctx, 'vignette', [
    [0.55, pal.near, 0],
    [1, pal.near, 0.28],
  ]);
  out.push(el('rect', { width: w, height: h, fill: vignette }));
}
