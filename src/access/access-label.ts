import type { AccessLevel } from '../content/access-level.ts';

/** The small marker lists and article pages show for an access level; metered pieces need none. */
export function accessLabelOf(access: AccessLevel): string {
  switch (access) {
    case 'free':
      return 'Free to read';
    case 'metered':
      return '';
    case 'registered':
      return 'Registered readers';
    case 'premium':
      return 'Subscriber exclusive';
  }
}
