import type { Account } from '../../accounts/account.ts';
import { deviceIdleLifetimeOf, listDevices } from '../../devices/api-tokens.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { toDevicesView, type DevicesView } from './device-view.ts';

/** The account's signed-in devices, for its page. */
export async function devicesViewOf(deps: ReaderSiteDeps, account: Account): Promise<DevicesView> {
  const [devices, { settings }] = await Promise.all([listDevices(deps.db, account, deps.now()), deps.chrome()]);
  return toDevicesView(devices, settings, deviceIdleLifetimeOf(account));
}
