import type { Notice } from '../../access/decide-access.ts';
import { formatAccessMessage } from '../../access/messages.ts';
import type { Edition } from '../../reading/edition.ts';
import { giftsLeftText } from '../gifts/gift-views.ts';
import { toNoticeView } from '../views/paywall-view.ts';

/** The messages, locale and settings an article's notices and paywall are worded with. */
export function wordingOf({ messages, chrome, accessSettings }: Edition) {
  return { messages, locale: chrome.settings.locale, publication: chrome.settings.name, settings: accessSettings };
}

/** The words an article page fills its reader's slots with, as worded for one edition. */
export type ArticleWording = {
  /** "You have 2 free articles left this month", or null when the read has no notice. */
  noticeOf: (edition: Edition, notice: Notice | null) => string | null;
  /** "Welcome to The Courier — you now have full access", for a reader back from paying. */
  welcomeOf: (edition: Edition) => string;
  /** "You have 9 gifts left this month", or nothing when the page offers no gifts to give. */
  giftsLeftOf: (edition: Edition, left: number | null) => string;
};

/**
 * Meter notices and gift counts kept by count for as long as their edition is: formatting one
 * costs more than sending the page, and a new edition (new settings, new wording) words them afresh.
 */
export function createArticleWording(): ArticleWording {
  const textsByEdition = new WeakMap<Edition, Map<string, string>>();
  function remembered(edition: Edition, key: string, word: () => string): string {
    let texts = textsByEdition.get(edition);
    if (texts === undefined) {
      texts = new Map();
      textsByEdition.set(edition, texts);
    }
    let text = texts.get(key);
    if (text === undefined) {
      text = word();
      texts.set(key, text);
    }
    return text;
  }
  return {
    noticeOf: (edition, notice) =>
      notice === null
        ? null
        : remembered(edition, notice.kind === 'meter-last' ? 'last' : String(notice.remaining), () => toNoticeView(notice, wordingOf(edition))?.text ?? ''),
    welcomeOf: (edition) =>
      remembered(edition, 'welcome', () =>
        formatAccessMessage(edition.messages, 'subscribedWelcome', edition.chrome.settings.locale, { publication: edition.chrome.settings.name }),
      ),
    giftsLeftOf: (edition, left) =>
      left === null
        ? ''
        : remembered(edition, `gifts:${left}`, () => giftsLeftText(left, { messages: edition.messages, locale: edition.chrome.settings.locale })),
  };
}
