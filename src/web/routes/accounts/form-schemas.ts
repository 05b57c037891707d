import { Type } from 'typebox';

/** Form fields as browsers send them; lengths far past any real value are refused outright. */
const field = (maxLength = 1000) => Type.String({ maxLength });

export const csrfField = { _csrf: Type.Optional(field(200)) };
export const nextQuery = Type.Object({ next: Type.Optional(field(1000)) }, { additionalProperties: true });
export const tokenQuery = Type.Object({ token: Type.Optional(field(200)) }, { additionalProperties: true });

export const logInForm = Type.Object({ ...csrfField, email: field(), password: field(), next: Type.Optional(field()) });
/** A checkbox list as browsers send it: absent when none is ticked, one value, or several. */
export const tickedField = Type.Optional(Type.Union([field(12), Type.Array(field(12), { maxItems: 100 })]));
export const registerForm = Type.Object({
  ...csrfField,
  name: Type.Optional(field()),
  email: field(),
  password: field(),
  next: Type.Optional(field()),
  newsletter: tickedField,
});

/** The ticked ids of a checkbox list; anything that is not an id is dropped, never guessed at. */
export function tickedIds(value: string | string[] | undefined): number[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.filter((text) => /^[1-9][0-9]{0,8}$/.test(text)).map(Number);
}
export const emailForm = Type.Object({ ...csrfField, email: field() });
export const resetForm = Type.Object({ ...csrfField, token: field(200), password: field() });
export const tokenForm = Type.Object({ ...csrfField, token: field(200) });
export const profileForm = Type.Object({ ...csrfField, name: Type.Optional(field()), email: field(), current: Type.Optional(field()) });
export const passwordForm = Type.Object({ ...csrfField, current: Type.Optional(field()), password: field() });
export const csrfOnlyForm = Type.Object(csrfField);
