/** The demo publication's masthead, sections, authors and sponsors. Every name here is invented. */
export const demoPublication = {
  name: 'The Meridian Courier',
  tagline: 'Independent reporting from a connected world',
  locale: 'en-US',
  timeZone: 'America/New_York',
} as const;

export const demoSections = [
  { slug: 'world', name: 'World', description: 'International relations, diplomacy and conflict, reported from where it happens.' },
  { slug: 'politics', name: 'Politics', description: 'Parliaments, elections and the policies that shape daily life.' },
  { slug: 'business', name: 'Business', description: 'Markets, companies, work and the economy behind the headlines.' },
  { slug: 'science', name: 'Science & Climate', description: 'Research, health, energy and the changing climate.' },
  { slug: 'culture', name: 'Culture', description: 'Books, music, film, art and the ideas that travel with them.' },
] as const;

export const demoAuthors = [
  {
    slug: 'amara-okafor',
    name: 'Amara Okafor',
    bio: "Amara Okafor is the Courier's diplomatic editor. She has reported from more than forty countries and covers summits, sanctions and the institutions that try to keep the peace.",
  },
  {
    slug: 'jonas-lindqvist',
    name: 'Jonas Lindqvist',
    bio: 'Jonas Lindqvist is Europe correspondent, based in Brussels. He writes about the European Union, the Nordic countries and the politics of the Baltic.',
  },
  {
    slug: 'mei-chen',
    name: 'Mei Chen',
    bio: 'Mei Chen is Asia correspondent, based in Singapore, covering trade, shipping and the politics of South-East Asia.',
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    bio: 'Priya Raman is political correspondent. She covers parliament, elections and the machinery of government.',
  },
  {
    slug: 'daniel-reyes',
    name: 'Daniel Reyes',
    bio: 'Daniel Reyes is business editor. Before journalism he spent a decade as a credit analyst, which he says taught him to read the footnotes first.',
  },
  {
    slug: 'hannah-weiss',
    name: 'Hannah Weiss',
    bio: 'Hannah Weiss is science and climate correspondent. She trained as a marine biologist and writes about oceans, weather and the energy transition.',
  },
  { slug: 'tomasz-nowak', name: 'Tomasz Nowak', bio: 'Tomasz Nowak reports on energy, industry and infrastructure, from power grids to ports.' },
  {
    slug: 'claire-dubois',
    name: 'Claire Dubois',
    bio: "Claire Dubois is the Courier's chief arts critic, writing about books, film, theatre and the visual arts.",
  },
  { slug: 'samuel-adeyemi', name: 'Samuel Adeyemi', bio: 'Samuel Adeyemi is data editor. He turns public records and large datasets into stories and charts.' },
] as const;

export const demoSponsors = [
  {
    slug: 'halden-energy',
    name: 'Halden Energy',
    url: 'https://halden-energy.example',
    disclosure:
      "This article was paid for by Halden Energy and produced by the Courier's partner studio. The newsroom was not involved in its reporting or editing.",
  },
  {
    slug: 'larkspur-bank',
    name: 'Larkspur Bank',
    url: 'https://larkspur-bank.example',
    disclosure:
      "This article was commissioned by Larkspur Bank and written by the Courier's partner studio. Larkspur Bank reviewed it before publication; the newsroom had no part in it.",
  },
] as const;

/**
 * Plans and offers: prices in cents. Each plan lists what it gives a subscriber: every subscriber
 * gives gifts (ten a month by default), whichever plan they pay by.
 */
export const demoPlans = [
  {
    slug: 'digital',
    name: 'Digital',
    benefits: [
      'Read all stories with unlimited access',
      'Use our mobile and tablet apps',
      'The morning briefing in your inbox',
      'Gift up to ten articles a month',
    ],
    priceMinor: 1500,
    currency: 'USD',
    interval: 'month',
    isActive: true,
  },
  {
    slug: 'digital-annual',
    name: 'Digital, yearly',
    // What the year gives, not what it saves: its saving over the monthly plan is worked out and shown beside its price.
    benefits: [
      'Read all stories with unlimited access',
      'Use our mobile and tablet apps',
      'The morning briefing in your inbox',
      'Gift up to ten articles a month',
    ],
    priceMinor: 15000,
    currency: 'USD',
    interval: 'year',
    isActive: true,
  },
] as const;

/**
 * Gift subscriptions of the monthly plan, on sale from the start so a visitor can give one: a little
 * under the monthly price for the longer ones; the reminder before a gift ends leads to the annual offer.
 */
export const demoGiftSubscriptions = {
  planSlug: 'digital',
  pricesMinor: { 3: 4500, 6: 8500, 12: 15000 },
  continuationOfferSlug: 'annual',
} as const;

/** Offers relative to the day the demo loads, so the "ends" date is always ahead. */
export const demoOffers = [
  {
    slug: 'three-months-for-nine',
    planSlug: 'digital',
    headline: 'Try 3 months for $9',
    copy: 'Everything we publish, on every device, for $3 a month for your first three months.',
    terms: { kind: 'introductory-price', priceMinor: 300, periods: 3 },
    endsInDays: 34,
  },
  {
    slug: 'two-week-trial',
    planSlug: 'digital',
    headline: 'Two weeks free',
    copy: 'Read everything for 14 days. We remind you three days before the trial ends.',
    terms: { kind: 'free-trial', days: 14 },
    endsInDays: null,
  },
  {
    slug: 'annual',
    planSlug: 'digital-annual',
    headline: 'A year of the Courier',
    copy: 'One payment, a full year of independent reporting.',
    terms: { kind: 'standard' },
    endsInDays: null,
  },
] as const;

/** The demo's newsletters: a morning briefing and a Sunday read for anyone, and field notes for subscribers. */
export const demoNewsletters = [
  {
    slug: 'meridian-morning',
    name: 'The Meridian Morning',
    description: 'Five stories to start the day, chosen by the overnight desk and read in the time it takes to drink a coffee.',
    cadence: 'daily',
    audience: 'anyone',
    template: 'briefing',
  },
  {
    slug: 'sunday-dispatch',
    name: 'Sunday Dispatch',
    description: "The week's longer reads and the stories behind them, with a note from the editor. Every Sunday morning.",
    cadence: 'weekly',
    audience: 'anyone',
    template: 'edition',
  },
  {
    slug: 'from-the-field',
    name: 'From the Field',
    description: 'Our correspondents write from where they are reporting: what did not fit in the story, and what comes next.',
    cadence: 'occasional',
    audience: 'subscribers',
    template: 'edition',
  },
] as const;

/** Who the demo's newsletters come from. */
export const demoNewsletterSender = { name: 'The Meridian Courier', email: 'newsletters@meridian-courier.example' } as const;
