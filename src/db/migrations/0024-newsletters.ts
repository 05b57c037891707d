import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../database.ts';
import { addIdColumn } from './id-column.ts';

/** Newsletters, readers' consent to them, their sends, one delivery per recipient, and suppressed addresses (src/newsletters/newsletter-tables.ts). */
export function newslettersMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('newsletters')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('cadence', 'text', (column) => column.notNull().check(sql`cadence in ('as-published', 'daily', 'weekly', 'occasional')`))
        .addColumn('sender_name', 'text', (column) => column.notNull())
        .addColumn('sender_email', 'text', (column) => column.notNull())
        .addColumn('audience', 'text', (column) => column.notNull().check(sql`audience in ('anyone', 'registered', 'subscribers')`))
        .addColumn('template', 'text', (column) => column.notNull().check(sql`template in ('edition', 'briefing')`))
        .addColumn('daily_section_id', 'integer', (column) => column.references('sections.id').onDelete('set null'))
        .addColumn('daily_send_time', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('active', 'archived')`))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('newsletter_subscriptions')
        .addColumn('newsletter_id', 'integer', (column) => column.notNull().references('newsletters.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('subscribed', 'unsubscribed')`))
        .addColumn('consent_source', 'text', (column) =>
          column.notNull().check(sql`consent_source in ('registration', 'account', 'sign-up-form', 'import', 'desk')`),
        )
        .addColumn('consented_at', 'text', (column) => column.notNull())
        .addColumn('unsubscribed_at', 'text')
        .addColumn('unsubscribe_source', 'text', (column) =>
          column.check(sql`unsubscribe_source is null or unsubscribe_source in ('one-click', 'preferences', 'account', 'desk', 'audience')`),
        )
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('newsletter_subscriptions_key', ['newsletter_id', 'account_id'])
        .execute();
      await db.schema.createIndex('newsletter_subscriptions_by_account').on('newsletter_subscriptions').column('account_id').execute();

      await db.schema
        .createTable('newsletter_signup_requests')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('newsletter_ids', 'text', (column) => column.notNull())
        .addColumn('next_path', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('newsletter_signup_requests_by_email').on('newsletter_signup_requests').column('email').execute();

      await db.schema
        .createTable('newsletter_sends')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('newsletter_id', 'integer', (column) => column.notNull().references('newsletters.id').onDelete('cascade'))
        .addColumn('kind', 'text', (column) => column.notNull().check(sql`kind in ('article', 'digest', 'section-digest')`))
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('intro', 'text')
        .addColumn('digest_day', 'text')
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('scheduled', 'queueing', 'sending', 'sent', 'canceled')`))
        .addColumn('scheduled_for', 'text', (column) => column.notNull())
        .addColumn('queued_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('recipient_count', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_by', 'integer', (column) => column.references('accounts.id').onDelete('set null'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('newsletter_sends_due').on('newsletter_sends').columns(['status', 'scheduled_for']).execute();
      // The automatic daily digest of a section goes out once a day, however many instances look.
      await sql`create unique index newsletter_sends_one_digest_a_day on newsletter_sends (newsletter_id, digest_day) where digest_day is not null`.execute(db);

      await db.schema
        .createTable('newsletter_send_articles')
        .addColumn('send_id', 'integer', (column) => column.notNull().references('newsletter_sends.id').onDelete('cascade'))
        .addColumn('article_id', 'integer', (column) => column.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('position', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('newsletter_send_articles_key', ['send_id', 'article_id'])
        .execute();
      await db.schema.createIndex('newsletter_send_articles_by_article').on('newsletter_send_articles').column('article_id').execute();

      await db.schema
        .createTable('newsletter_deliveries')
        .$call((table) => addIdColumn(table, dialect))
        .addColumn('send_id', 'integer', (column) => column.notNull().references('newsletter_sends.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('status', 'text', (column) => column.notNull().check(sql`status in ('queued', 'sending', 'sent', 'failed', 'suppressed')`))
        .addColumn('variant', 'text', (column) => column.check(sql`variant is null or variant in ('full', 'preview')`))
        .addColumn('lease_until', 'text')
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('sent_at', 'text')
        .addColumn('error', 'text')
        .addColumn('first_clicked_at', 'text')
        .addColumn('clicks', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('links_revoked_at', 'text')
        .addUniqueConstraint('newsletter_deliveries_one_per_recipient', ['send_id', 'account_id'])
        .execute();
      await db.schema.createIndex('newsletter_deliveries_to_send').on('newsletter_deliveries').columns(['send_id', 'status', 'id']).execute();
      await db.schema.createIndex('newsletter_deliveries_by_account').on('newsletter_deliveries').column('account_id').execute();

      await db.schema
        .createTable('email_suppressions')
        .addColumn('email', 'text', (column) => column.primaryKey())
        .addColumn('reason', 'text', (column) => column.notNull().check(sql`reason in ('hard-bounce', 'complaint', 'manual')`))
        .addColumn('source', 'text', (column) => column.notNull().check(sql`source in ('webhook', 'command-line', 'desk')`))
        .addColumn('detail', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
    },
  };
}
