/** The import cannot go on (the file cannot be read, or changed under it); the message is fit to print. */
export class ImportError extends Error {
  override name = 'ImportError';
}
