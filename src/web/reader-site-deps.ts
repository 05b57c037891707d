import type { SiteDeps } from '../http/site-deps.ts';
import type { Theme } from './theme.ts';

/** What the reader site's pages need: the app's dependencies and the theme they are rendered with, which no other wing uses. */
export type ReaderSiteDeps = SiteDeps & { theme: Theme };
