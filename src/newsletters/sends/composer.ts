import { mostArticlesInASend } from './send-draft.ts';

/**
 * The digest composer works without script: the chosen articles travel in the form as one ordered
 * list ("12,7,30"), and each button (add, up, down, remove) sends the whole form back with its
 * action, so nothing typed is lost between steps.
 */
export type ComposerMove = { kind: 'add' | 'up' | 'down' | 'remove'; articleId: number };

/** The chosen articles, in order, from the form's list; anything not a plain id is dropped, as are repeats. */
export function parseChosenArticles(text: string): number[] {
  const ids = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d{1,9}$/.test(part))
    .map(Number);
  return [...new Set(ids)].slice(0, mostArticlesInASend);
}

/** "add:12", "up:7": the move a composer button asks for, or null for any other action. */
export function parseComposerMove(action: string): ComposerMove | null {
  const match = /^(add|up|down|remove):(\d{1,9})$/.exec(action);
  if (!match) return null;
  const [, kind, id] = match;
  return kind === 'add' || kind === 'up' || kind === 'down' || kind === 'remove' ? { kind, articleId: Number(id) } : null;
}

/** The list after one move: an added article goes last (once), up and down swap with a neighbour, nothing moves past either end. */
export function applyComposerMove(ids: readonly number[], { kind, articleId }: ComposerMove): number[] {
  const place = ids.indexOf(articleId);
  switch (kind) {
    case 'add':
      return place === -1 && ids.length < mostArticlesInASend ? [...ids, articleId] : [...ids];
    case 'remove':
      return ids.filter((id) => id !== articleId);
    case 'up':
    case 'down': {
      const other = kind === 'up' ? place - 1 : place + 1;
      if (place === -1 || other < 0 || other >= ids.length) return [...ids];
      const moved = [...ids];
      [moved[place], moved[other]] = [ids[other] ?? articleId, articleId];
      return moved;
    }
  }
}
