/** The kinds of block an article body is made of; the paywall's preview is counted in blocks. */
export const bodyBlockKinds = ['paragraph', 'heading', 'quote', 'list', 'rule', 'code', 'table'] as const;
export type BodyBlockKind = (typeof bodyBlockKinds)[number];

/** One top-level block of a body: sanitized HTML, safe to place in a page as it is. */
export type BodyBlock = {
  kind: BodyBlockKind;
  html: string;
};

function isBodyBlock(value: unknown): value is BodyBlock {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, html } = value as Record<string, unknown>;
  return typeof html === 'string' && bodyBlockKinds.some((known) => known === kind);
}

/** Reads the blocks stored with an article; anything else in the column is a fault worth stopping on. */
export function parseStoredBodyBlocks(json: string): BodyBlock[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every(isBodyBlock)) {
    throw new Error('Stored article body is not a list of blocks');
  }
  return parsed;
}
