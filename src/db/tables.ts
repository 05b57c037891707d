import type { AccountTables } from '../accounts/account-tables.ts';
import type { DeviceTables } from '../devices/device-tables.ts';
import type { NewsroomTables } from '../newsroom/newsroom-tables.ts';
import type { CommerceTables } from '../commerce/commerce-tables.ts';
import type { TierTables } from '../commerce/tier-tables.ts';
import type { PlanChangeTables } from '../commerce/plan-change-tables.ts';
import type { FeedTokenTables } from '../feeds/feed-token-tables.ts';
import type { GiftTables } from '../gifts/gift-tables.ts';
import type { GiftSubscriptionTables } from '../gift-subscriptions/gift-subscription-tables.ts';
import type { NewsletterTables } from '../newsletters/newsletter-tables.ts';
import type { OrganisationTables } from '../organisations/organisation-tables.ts';
import type { ReaderTables } from '../readers/reader-tables.ts';
import type { OwnDataTables } from '../readers/own-data-tables.ts';
import type { InsightTables } from '../insights/insight-tables.ts';
import type { ExperimentTables } from '../experiments/experiment-tables.ts';
import type { InsightRollupTables } from '../insights/insight-rollup-tables.ts';
import type { RetentionTables } from '../retention/retention-tables.ts';
import type { ContentTables } from '../content/content-tables.ts';
import type { SearchTables } from '../search/search-tables.ts';
import type { SettingsTables } from '../settings/settings-tables.ts';

/** Every table of the app; each part of the domain declares its own beside its code. */
export type Tables = AccountTables &
  DeviceTables &
  NewsroomTables &
  CommerceTables &
  TierTables &
  PlanChangeTables &
  ReaderTables &
  OwnDataTables &
  InsightTables &
  ExperimentTables &
  InsightRollupTables &
  RetentionTables &
  ContentTables &
  FeedTokenTables &
  GiftTables &
  GiftSubscriptionTables &
  NewsletterTables &
  OrganisationTables &
  SearchTables &
  SettingsTables;
