import type { Device } from '../../api/api-tokens.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { formatPublicationTime } from '../views/dates.ts';

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
};

export function toDevicesView(devices: readonly Device[], settings: Pick<PublicationSettings, 'locale' | 'timeZone'>): DevicesView {
  return {
    devices: devices.map((device) => ({
      name: device.name,
      createdLabel: formatPublicationTime(device.createdAt, settings),
      lastUsedLabel: formatPublicationTime(device.lastUsedAt, settings),
      revokeUrl: devicePaths.revoke(device.id),
    })),
  };
}
