import { Type } from 'typebox';

/** Page numbers beyond this are not a list anyone reads; they are refused rather than counted. */
export const maximumPage = 10_000;

export const pageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: maximumPage })) }, { additionalProperties: true });

export const searchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 10_000 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: maximumPage })),
  },
  { additionalProperties: true },
);

export const slugParam = Type.String({ minLength: 1, maxLength: 200 });
