/**
 * Which articles bring subscriptions and registrations. Two answers, side by side: the last article
 * the reader read before converting, and every article they read in the 30 days before (each
 * credited once per conversion). A section or an author is credited once per conversion too, however
 * many of its articles the reader read.
 */
export type AttributionGoal = 'subscription' | 'registration';
export type AttributionModel = 'last-read' | 'read-within-30-days';
export type AttributionDimension = 'article' | 'section' | 'author';

export const attributionWindowMs = 30 * 86_400_000;

/** A subscription started or a registration, with every key the reader has had: their account's and the anonymous ones it was linked to. */
export type Conversion = { goal: AttributionGoal; at: Date; readerKeys: readonly string[] };

export type Read = { readerKey: string; at: Date; articleId: number; sectionId: number | null; authorId: number | null };

export type Credit = { goal: AttributionGoal; model: AttributionModel; dimension: AttributionDimension; subjectId: number; conversions: number };

function subjectsOf(read: Read): [AttributionDimension, number][] {
  const subjects: [AttributionDimension, number][] = [['article', read.articleId]];
  if (read.sectionId !== null) subjects.push(['section', read.sectionId]);
  if (read.authorId !== null) subjects.push(['author', read.authorId]);
  return subjects;
}

/** The credits of a set of conversions, given the reads of their readers (reads of other readers, or outside the window, are ignored). */
export function attributeConversions(conversions: readonly Conversion[], reads: readonly Read[]): Credit[] {
  const readsByKey = new Map<string, Read[]>();
  for (const read of reads) {
    const list = readsByKey.get(read.readerKey) ?? [];
    list.push(read);
    readsByKey.set(read.readerKey, list);
  }
  const totals = new Map<string, Credit>();
  const credit = (goal: AttributionGoal, model: AttributionModel, [dimension, subjectId]: [AttributionDimension, number]) => {
    const key = `${goal}|${model}|${dimension}|${subjectId}`;
    const total = totals.get(key) ?? { goal, model, dimension, subjectId, conversions: 0 };
    total.conversions += 1;
    totals.set(key, total);
  };
  for (const conversion of conversions) {
    const before = [...new Set(conversion.readerKeys)]
      .flatMap((key) => readsByKey.get(key) ?? [])
      .filter((read) => read.at < conversion.at && read.at.getTime() >= conversion.at.getTime() - attributionWindowMs)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const last = before.at(-1);
    if (last === undefined) continue;
    for (const subject of subjectsOf(last)) credit(conversion.goal, 'last-read', subject);
    const seen = new Set<string>();
    for (const subject of before.flatMap(subjectsOf)) {
      const key = subject.join(':');
      if (seen.has(key)) continue;
      seen.add(key);
      credit(conversion.goal, 'read-within-30-days', subject);
    }
  }
  return [...totals.values()];
}
