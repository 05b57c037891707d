import { sql } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Database, Dialect } from './database.ts';
import { contentMigration } from './migrations/0001-content.ts';
import { searchMigration } from './migrations/0002-search.ts';
import { settingsMigration } from './migrations/0003-settings.ts';
import { accountsMigration } from './migrations/0004-accounts.ts';
import { commerceMigration } from './migrations/0005-commerce.ts';
import { newsroomMigration } from './migrations/0006-newsroom.ts';
import { searchPublicationIndexMigration } from './migrations/0007-search-publication-index.ts';
import { registrationRequestsMigration } from './migrations/0008-registration-requests.ts';
import { apiTokensMigration } from './migrations/0009-api-tokens.ts';
import { feedTokensMigration } from './migrations/0010-feed-tokens.ts';
import { giftLinksMigration } from './migrations/0011-gift-links.ts';
import { emailChangeRequestsMigration } from './migrations/0012-email-change-requests.ts';
import { searchOpenIndexMigration } from './migrations/0013-search-open-index.ts';
import { checkoutReturnPathMigration } from './migrations/0014-checkout-return-path.ts';
import { readersDeskMigration } from './migrations/0015-readers-desk.ts';
import { retentionMigration } from './migrations/0016-retention.ts';
import { dunningMigration } from './migrations/0017-dunning.ts';
import { ownDataMigration } from './migrations/0018-own-data.ts';
import { insightEventsMigration } from './migrations/0019-insight-events.ts';
import { insightRollupsMigration } from './migrations/0020-insight-rollups.ts';
import { experimentsMigration } from './migrations/0021-experiments.ts';
import { meterRulesMigration } from './migrations/0022-meter-rules.ts';
import { insightReaderLookupsMigration } from './migrations/0023-insight-reader-lookups.ts';
import { newslettersMigration } from './migrations/0024-newsletters.ts';
import { newsletterReadersMigration } from './migrations/0025-newsletter-readers.ts';
import { tiersMigration } from './migrations/0026-tiers.ts';
import { planChangesMigration } from './migrations/0027-plan-changes.ts';
import { giftSubscriptionsMigration } from './migrations/0028-gift-subscriptions.ts';
import { organisationsMigration } from './migrations/0029-organisations.ts';
import { giftSubscriptionCheckoutsMigration } from './migrations/0030-gift-subscription-checkouts.ts';
import { organisationPurchasesMigration } from './migrations/0031-organisation-purchases.ts';

function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-content': contentMigration(dialect),
    '0002-search': searchMigration(dialect),
    '0003-settings': settingsMigration(),
    '0004-accounts': accountsMigration(dialect),
    '0005-commerce': commerceMigration(dialect),
    '0006-newsroom': newsroomMigration(dialect),
    '0007-search-publication-index': searchPublicationIndexMigration,
    '0008-registration-requests': registrationRequestsMigration(),
    '0009-api-tokens': apiTokensMigration(dialect),
    '0010-feed-tokens': feedTokensMigration(dialect),
    '0011-gift-links': giftLinksMigration(dialect),
    '0012-email-change-requests': emailChangeRequestsMigration(),
    '0013-search-open-index': searchOpenIndexMigration(dialect),
    '0014-checkout-return-path': checkoutReturnPathMigration(),
    '0015-readers-desk': readersDeskMigration(dialect),
    '0016-retention': retentionMigration(dialect),
    '0017-dunning': dunningMigration(),
    '0018-own-data': ownDataMigration(),
    '0019-insight-events': insightEventsMigration(),
    '0020-insight-rollups': insightRollupsMigration(),
    '0021-experiments': experimentsMigration(dialect),
    '0022-meter-rules': meterRulesMigration(dialect),
    '0023-insight-reader-lookups': insightReaderLookupsMigration(),
    '0024-newsletters': newslettersMigration(dialect),
    '0025-newsletter-readers': newsletterReadersMigration(dialect),
    '0026-tiers': tiersMigration(dialect),
    '0027-plan-changes': planChangesMigration(dialect),
    '0028-gift-subscriptions': giftSubscriptionsMigration(dialect),
    '0029-organisations': organisationsMigration(dialect),
    '0030-gift-subscription-checkouts': giftSubscriptionCheckoutsMigration(),
    '0031-organisation-purchases': organisationPurchasesMigration(dialect),
  };
}

/** Brings the schema up to date; Kysely's migration lock makes concurrent starts wait for each other. */
export async function migrateToLatest(db: Database, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  // On PostgreSQL the migration tables are looked for in Dateline's own schema: otherwise Kysely
  // takes another schema's (another app's, another test's) for ours and skips creating them.
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${detail}`.replace('  ', ' '));
  }
}
