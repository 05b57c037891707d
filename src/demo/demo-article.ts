import type { AccessLevel } from '../content/access-level.ts';

/** The scenery a generated lead image draws; the demo has no photographs of its own. */
export type LeadImageMotif = 'skyline' | 'harbour' | 'hills' | 'fields' | 'river' | 'mountains' | 'night-city' | 'abstract';

/** The light a generated lead image is drawn in. */
export type LeadImageLight = 'dawn' | 'day' | 'dusk' | 'night' | 'overcast';

/** One article of the demo publication, as its writer hands it to the loader. */
export type DemoArticle = {
  slug: string;
  section: string;
  headline: string;
  standfirst: string;
  /** The place the story was filed from, printed in capitals at the start of the body. */
  dateline: string;
  /** Author slugs from publication.ts, in byline order. */
  authors: readonly string[];
  access: AccessLevel;
  /** Sponsor slug from publication.ts; sponsored pieces carry the disclosure. */
  sponsor?: string;
  /** How long before the demo is loaded the piece was published, so the demo always looks current. */
  hoursAgo: number;
  image: {
    motif: LeadImageMotif;
    light: LeadImageLight;
    alt: string;
    caption: string;
    credit: string;
  };
  /** CommonMark: paragraphs, `##` subheadings, block quotes, lists. No dateline, no headline. */
  body: string;
};
