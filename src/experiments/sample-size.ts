/** The normal quantiles of a two-sided test at 5 % (1.96) and of 80 % power (0.84). */
export const zTwoSided95 = 1.959963984540054;
const zPower80 = 0.8416212335729143;

/**
 * Readers each variant needs before its difference from the control can be told from chance: the
 * classic sample size for comparing two proportions (two-sided, 5 % significance, 80 % power),
 * from the control's expected rate and the smallest difference worth finding, both as fractions.
 * Planned before the start, so that nobody stops an experiment the day it happens to look good.
 */
export function plannedReadersPerVariant({ baseRate, minimumEffect }: { baseRate: number; minimumEffect: number }): number {
  const treated = baseRate + minimumEffect;
  if (!(baseRate > 0 && baseRate < 1 && minimumEffect > 0 && treated < 1)) {
    throw new RangeError('The base rate and the base rate plus the effect must lie strictly between 0 and 1, and the effect must be above 0');
  }
  const pooled = (baseRate + treated) / 2;
  const spread = zTwoSided95 * Math.sqrt(2 * pooled * (1 - pooled)) + zPower80 * Math.sqrt(baseRate * (1 - baseRate) + treated * (1 - treated));
  return Math.ceil((spread * spread) / (minimumEffect * minimumEffect));
}
