/**
 * What the theme's templates receive. Every string is plain text that Liquid escapes on output,
 * except fields named `...Html`, which are sanitized HTML printed with the `raw` filter.
 */

export type LinkView = { label: string; url: string };

export type SiteView = {
  name: string;
  tagline: string;
  /** The BCP 47 language of the site, for <html lang>. */
  language: string;
  homeUrl: string;
  sections: readonly (LinkView & { slug: string; isCurrent: boolean })[];
  searchUrl: string;
  feedUrl: string;
  year: number;
};

export type ImageView = {
  /** The JPEG of middle width, for browsers without srcset and for social cards. */
  src: string;
  srcsetWebp: string;
  srcsetJpeg: string;
  width: number;
  height: number;
  alt: string;
};

export type LeadImageView = ImageView & { caption: string; credit: string };

export type TeaserView = {
  headline: string;
  standfirst: string;
  url: string;
  section: LinkView;
  bylineNames: string;
  publishedIso: string;
  publishedLabel: string;
  access: 'free' | 'metered' | 'registered' | 'premium';
  /** "Free to read", "Registered readers", "Subscriber exclusive", or "" for metered pieces. */
  accessLabel: string;
  isSponsored: boolean;
  sponsorName: string;
  image: ImageView | null;
  /** Search results only: sanitized HTML with the matched words in <mark>. */
  snippetHtml: string;
};

export type ShareLinksView = { facebook: string; linkedin: string; x: string; email: string };

export type ArticleView = {
  headline: string;
  standfirst: string;
  section: LinkView;
  canonicalUrl: string;
  authors: readonly (LinkView & { bio: string })[];
  publishedIso: string;
  publishedLabel: string;
  updatedIso: string;
  updatedLabel: string;
  /** Shown only when the piece changed meaningfully after it was published. */
  isUpdated: boolean;
  dateline: string;
  leadImage: LeadImageView | null;
  /** The body's blocks, the dateline already set at the start of the first paragraph. */
  bodyHtml: readonly string[];
  access: 'free' | 'metered' | 'registered' | 'premium';
  accessLabel: string;
  sponsor: { name: string; url: string; disclosure: string } | null;
  share: ShareLinksView;
  related: readonly TeaserView[];
};

export type PaginationView = {
  page: number;
  pageCount: number;
  previousUrl: string | null;
  nextUrl: string | null;
};

/** The <head> metadata of a page: title, description, canonical URL, social cards, structured data. */
export type MetaView = {
  title: string;
  description: string;
  canonicalUrl: string;
  openGraph: readonly { property: string; content: string }[];
  twitter: readonly { name: string; content: string }[];
  /** JSON-LD, already serialized safely for a <script> element. */
  jsonLd: string;
  robots: string;
};

export type HomePageView = {
  lead: TeaserView | null;
  topStories: readonly TeaserView[];
  sectionBlocks: readonly { section: LinkView & { description: string }; teasers: readonly TeaserView[] }[];
};

export type SectionPageView = {
  section: LinkView & { description: string };
  teasers: readonly TeaserView[];
  pagination: PaginationView;
};

export type AuthorPageView = {
  name: string;
  bio: string;
  teasers: readonly TeaserView[];
  pagination: PaginationView;
};

export type SearchPageView = {
  query: string;
  /** Why nothing was searched or found, for the reader; empty when there are results. */
  message: string;
  total: number;
  results: readonly TeaserView[];
  pagination: PaginationView;
};

export type ErrorPageView = { status: number; title: string; message: string };

/** Every template gets `site` and `meta`, plus the page's own model under `page`. */
export type PageContext<Page> = { site: SiteView; meta: MetaView; page: Page };
