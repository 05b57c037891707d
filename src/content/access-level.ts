/** Who may read an article in full: anyone, within the meter, with a free account, or with a subscription. */
export const accessLevels = ['free', 'metered', 'registered', 'premium'] as const;

export type AccessLevel = (typeof accessLevels)[number];
