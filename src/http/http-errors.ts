/** An error with the HTTP status it means; a public message may be shown to the reader as it is. */
export class HttpError extends Error {
  readonly status: number;
  readonly isPublic: boolean;
  constructor(status: number, message: string, { isPublic = status < 500 }: { isPublic?: boolean } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.isPublic = isPublic;
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'We could not find that page.') {
    super(404, message);
  }
}
