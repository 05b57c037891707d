/** Is this the database refusing a reference to a row that does not exist? (SQLite's extended code 787, PostgreSQL's 23503.) */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === '23503' || errcode === 787;
}
