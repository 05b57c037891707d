import type { ShareLinksView } from './view-models.ts';

/** Plain share links: no third-party script runs on the page, the reader's click goes to the network. */
export function shareLinksFor({ url, headline }: { url: string; headline: string }): ShareLinksView {
  const encodedUrl = encodeURIComponent(url);
  return {
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodedUrl}`,
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${encodedUrl}`,
    x: `https://x.com/intent/post?url=${encodedUrl}&text=${encodeURIComponent(headline)}`,
    email: `mailto:?subject=${encodeURIComponent(headline)}&body=${encodeURIComponent(`${headline}\n\n${url}`)}`,
  };
}
