import { defaultAccessMessages, findMessageError, type AccessMessageKey, type AccessMessages } from '../access/messages.ts';

export class InvalidMessageError extends Error {
  readonly key: AccessMessageKey;
  constructor(key: AccessMessageKey, detail: string) {
    super(`The text "${key}" is not a valid ICU message: ${detail}`);
    this.name = 'InvalidMessageError';
    this.key = key;
  }
}

const keys = Object.keys(defaultAccessMessages) as AccessMessageKey[];

/**
 * A publication's own wording of the meter and paywall texts: any subset of the messages, each
 * checked as ICU before it is kept; the rest stay the defaults.
 */
export function parseMessageOverrides(input: Record<string, unknown>, locale = 'en'): AccessMessages {
  const messages: Record<AccessMessageKey, string> = { ...defaultAccessMessages };
  for (const key of keys) {
    const value = input[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const problem = findMessageError(value, locale);
    if (problem) throw new InvalidMessageError(key, problem);
    messages[key] = value;
  }
  return messages;
}

export function accessMessageKeys(): readonly AccessMessageKey[] {
  return keys;
}
