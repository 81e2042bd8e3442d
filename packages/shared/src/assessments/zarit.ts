import { z } from 'zod';

// Zarit Burden Interview (22 items). The item wording is licensed, so it is never shipped here:
// items are known by their number (1–22) only, and the form shows the text the organisation holds.

export const ZARIT_ITEM_COUNT = 22;
export const ZARIT_ITEM_MIN = 0;
export const ZARIT_ITEM_MAX = 4;
export const ZARIT_TOTAL_MAX = ZARIT_ITEM_COUNT * ZARIT_ITEM_MAX;

/** Interpretation bands of the total, inclusive on both ends. */
export const ZARIT_BANDS = [
  { id: 'none_or_little', min: 0, max: 20, label: 'Fardeau absent ou léger' },
  { id: 'light_to_moderate', min: 21, max: 40, label: 'Fardeau léger à modéré' },
  { id: 'moderate_to_severe', min: 41, max: 60, label: 'Fardeau modéré à sévère' },
  { id: 'severe', min: 61, max: 88, label: 'Fardeau sévère' },
] as const;
export type ZaritBand = (typeof ZARIT_BANDS)[number]['id'];

export type ZaritErrorCode = 'wrong_count' | 'missing' | 'not_integer' | 'out_of_range';

export type ZaritError = {
  /** Item number 1–22, or null when the error is about the list as a whole. */
  readonly item: number | null;
  readonly code: ZaritErrorCode;
  readonly message: string;
};

export type ZaritResult =
  { readonly ok: true; readonly total: number; readonly band: ZaritBand } | { readonly ok: false; readonly errors: readonly ZaritError[] };

/** Item scores as a form holds them: null or undefined while an item is unanswered. */
export type ZaritScores = readonly (number | null | undefined)[];

/** Lists every problem with a list of item scores (1-based item numbers), empty when valid. */
export function validateZaritScores(scores: ZaritScores): ZaritError[] {
  const errors: ZaritError[] = [];
  if (scores.length !== ZARIT_ITEM_COUNT) {
    errors.push({
      item: null,
      code: 'wrong_count',
      message: `L'échelle de Zarit compte ${ZARIT_ITEM_COUNT} items ; ${scores.length} notes reçues.`,
    });
  }
  scores.forEach((score, index) => {
    const item = index + 1;
    if (score === null || score === undefined) {
      errors.push({ item, code: 'missing', message: `Item ${item} : note manquante.` });
    } else if (!Number.isInteger(score)) {
      errors.push({
        item,
        code: 'not_integer',
        message: `Item ${item} : la note doit être un nombre entier de ${ZARIT_ITEM_MIN} à ${ZARIT_ITEM_MAX} (reçu ${score}).`,
      });
    } else if (score < ZARIT_ITEM_MIN || score > ZARIT_ITEM_MAX) {
      errors.push({
        item,
        code: 'out_of_range',
        message: `Item ${item} : la note doit être comprise entre ${ZARIT_ITEM_MIN} et ${ZARIT_ITEM_MAX} (reçu ${score}).`,
      });
    }
  });
  return errors;
}

/** Band of a Zarit total; throws on a total that no valid answer sheet can produce. */
export function zaritBand(total: number): ZaritBand {
  const band = ZARIT_BANDS.find((b) => Number.isInteger(total) && total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`Zarit total must be an integer 0–${ZARIT_TOTAL_MAX}, got ${total}`);
  return band.id;
}

/** Scores a Zarit answer sheet: total 0–88 and its band, or every error per item. */
export function scoreZarit(scores: ZaritScores): ZaritResult {
  const errors = validateZaritScores(scores);
  if (errors.length > 0) return { ok: false, errors };
  let total = 0;
  for (const score of scores) total += score ?? 0;
  return { ok: true, total, band: zaritBand(total) };
}

/**
 * The 22 item scores as sent by a client. Built on validateZaritScores so the browser and the
 * server refuse a sheet with the same words.
 */
export const zaritScoresSchema = z
  .array(z.number().nullable())
  .superRefine((scores, ctx) => {
    for (const error of validateZaritScores(scores)) {
      ctx.addIssue({
        code: 'custom',
        message: error.message,
        path: error.item === null ? [] : [error.item - 1],
        params: { code: error.code },
      });
    }
  })
  // Only reached when the refinement found nothing, i.e. no null is left; this narrows the type.
  .transform((scores) => scores.map((score) => score ?? 0));
