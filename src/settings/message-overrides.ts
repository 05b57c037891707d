import { defaultAccessMessages, findMessageError, type AccessMessageKey, type AccessMessages } from '../access/messages.ts';
import { DomainError } from '../errors/domain-error.ts';

export class InvalidMessageError extends DomainError {
  readonly key: AccessMessageKey;
  constructor(key: AccessMessageKey, problem: string) {
    super(`The wording of "${key}" ${problem}`, { kind: 'invalid', field: key });
    this.name = 'InvalidMessageError';
    this.key = key;
  }
}

const keys = Object.keys(defaultAccessMessages) as AccessMessageKey[];

/** The publication's wordings among the input's values: any subset of the messages, the rest the defaults. */
function overridesIn(input: Record<string, unknown>): [AccessMessageKey, string][] {
  return keys.flatMap((key) => {
    const value = input[key];
    return typeof value === 'string' && value.trim() !== '' ? [[key, value]] : [];
  });
}

/**
 * A publication's own wording of the meter and paywall texts, as it is about to be saved: each one
 * checked by formatting it with the values the site gives it, so a wording that would fail on a
 * reader's page is refused here, naming it.
 */
export function parseMessageOverrides(input: Record<string, unknown>, locale = 'en'): AccessMessages {
  const messages: Record<AccessMessageKey, string> = { ...defaultAccessMessages };
  for (const [key, value] of overridesIn(input)) {
    const problem = findMessageError(key, value, locale);
    if (problem) throw new InvalidMessageError(key, problem);
    messages[key] = value;
  }
  return messages;
}

/**
 * The wordings as stored, taken as they are: one stored before wordings were checked may not format,
 * and the formatter falls back to the default for it, so reading the settings never fails a page.
 */
export function readMessageOverrides(input: Record<string, unknown>): AccessMessages {
  return { ...defaultAccessMessages, ...Object.fromEntries(overridesIn(input)) };
}

export function accessMessageKeys(): readonly AccessMessageKey[] {
  return keys;
}
