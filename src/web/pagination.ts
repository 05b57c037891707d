import type { PaginationView } from './views/view-models.ts';

export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Links to the neighbouring pages, keeping the page's other query parameters. */
export function toPaginationView({
  page,
  total,
  pageSize,
  path,
  query = {},
}: {
  page: number;
  total: number;
  pageSize: number;
  path: string;
  query?: Readonly<Record<string, string>>;
}): PaginationView {
  const pageCount = pageCountOf(total, pageSize);
  const urlOf = (target: number) => {
    const parameters = new URLSearchParams(query);
    if (target > 1) parameters.set('page', String(target));
    const search = parameters.toString();
    return search === '' ? path : `${path}?${search}`;
  };
  return {
    page,
    pageCount,
    previousUrl: page > 1 ? urlOf(Math.min(page - 1, pageCount)) : null,
    nextUrl: page < pageCount ? urlOf(page + 1) : null,
  };
}
