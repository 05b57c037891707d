/** Where the API lives: its version is in every address, so a later one can sit beside it. */
export const apiPrefix = '/api/v1';

/** An article's address in the API, as `/{section}/{slug}` is on the site. */
export function apiArticlePath({ slug, section }: { slug: string; section: { slug: string } }): string {
  return `${apiPrefix}/articles/${section.slug}/${slug}`;
}
