import type { Device } from '../../devices/api-tokens.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';

export const devicePaths = { revoke: (id: number) => `/account/devices/${id}/revoke` } as const;

/** "Devices" on the account page: the phones and tablets signed in through the apps, each revocable. */
export type DevicesView = {
  devices: readonly {
    /** What the reader called it when signing in ("Ana's iPhone"). */
    name: string;
    /** "November 20, 2026, 12:00 PM". */
    createdLabel: string;
    lastUsedLabel: string;
    revokeUrl: string;
  }[];
  /** "A device whose app goes unused for 90 days is signed out by itself." */
  idleNote: string;
};

/** "90 days", "12 hours": how long a device may go unused, in the largest whole unit. */
export function describeIdleLifetime(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export function toDevicesView(devices: readonly Device[], settings: Pick<PublicationSettings, 'locale' | 'timeZone'>, idleLifetimeMs: number): DevicesView {
  return {
    idleNote: `A device whose app goes unused for ${describeIdleLifetime(idleLifetimeMs)} is signed out by itself.`,
    devices: devices.map((device) => ({
      name: device.name,
      createdLabel: formatPublicationTime(device.createdAt, settings),
      lastUsedLabel: formatPublicationTime(device.lastUsedAt, settings),
      revokeUrl: devicePaths.revoke(device.id),
    })),
  };
}
