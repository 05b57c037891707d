import { DomainError } from '../errors/domain-error.ts';

/** The short list a reader on their way out may choose from; the keys are what the audience team's figures count. */
export const cancellationReasons = [
  { key: 'too-expensive', label: 'It costs too much' },
  { key: 'not-reading', label: "I don't read it enough" },
  { key: 'coverage', label: "The coverage isn't what I want" },
  { key: 'elsewhere', label: 'I get my news elsewhere' },
  { key: 'technical', label: 'Problems with the site or the apps' },
  { key: 'away', label: "I'm away for a while" },
  { key: 'other', label: 'Something else' },
] as const;

export type CancellationReasonKey = (typeof cancellationReasons)[number]['key'];

/** What a reader said, both parts optional. */
export type CancellationReason = { reason: CancellationReasonKey | null; comment: string | null };

export const commentMaxLength = 1000;

export class InvalidCancellationReasonError extends DomainError {
  override name = 'InvalidCancellationReasonError';
  constructor(message: string, field: 'reason' | 'comment') {
    super(message, { kind: 'invalid', field });
  }
}

function isReasonKey(text: string): text is CancellationReasonKey {
  return cancellationReasons.some(({ key }) => key === text);
}

/** The reason form's fields: nothing chosen and nothing written is a valid answer. */
export function parseCancellationReason({ reason, comment }: { reason?: string | undefined; comment?: string | undefined }): CancellationReason {
  const chosen = reason?.trim() ?? '';
  const written = comment?.trim() ?? '';
  if (written.length > commentMaxLength) {
    throw new InvalidCancellationReasonError(`Please keep it to ${commentMaxLength} characters`, 'comment');
  }
  const said = written === '' ? null : written;
  if (chosen === '') return { reason: null, comment: said };
  if (!isReasonKey(chosen)) throw new InvalidCancellationReasonError('Choose one of the reasons listed, or none', 'reason');
  return { reason: chosen, comment: said };
}

/** A stored key read back; a key since dropped from the list reads as none. */
export function toReasonKey(text: string | null): CancellationReasonKey | null {
  return text !== null && isReasonKey(text) ? text : null;
}

export function reasonLabelOf(key: string | null): string | null {
  return cancellationReasons.find((reason) => reason.key === key)?.label ?? null;
}
