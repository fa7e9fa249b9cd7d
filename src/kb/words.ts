/**
 * @module kb/words
 * Word-level comparison of two texts (an ECCN's and a Wassenaar entry's), folding case, quotes, punctuation, plural
 * "s" and British and US spellings: enough to tell whether two paragraphs say the same thing in other words, not to
 * judge what they mean.
 *
 * @example
 * wordSimilarity('Digital-to-Analog Converters (DAC)', 'Digital-to-Analogue Converters (DACs)');   //=> 1
 */

const STOP = new Set(['the', 'and', 'for', 'with', 'any', 'following', 'having', 'all', 'not', 'than', 'which', 'that', 'are', 'from', 'this', 'its', 'other', 'such', 'being', 'has', 'have', 'into', 'or', 'of', 'by', 'as', 'to', 'in', 'on', 'at', 'an', 'be', 'is', 'was', 'were', 'their', 'therefor', 'thereof', 'follows',
  // Wording the two lists use for the same thing: "controlled by 1C010" (CCL) and "specified in 1.C.10." (Wassenaar).
  'controlled', 'specified', 'described', 'see']);
const SPELLING: Record<string, string> = { analogue: 'analog', armour: 'armor', armoured: 'armored', modelling: 'modeling', fibre: 'fiber', fibres: 'fibers', centre: 'center', metre: 'meter', metres: 'meters', litre: 'liter', litres: 'liters', programme: 'program', programmes: 'programs', calibre: 'caliber', defence: 'defense', licence: 'license', aluminium: 'aluminum', sulphur: 'sulfur', grey: 'gray' };

/** One word in a form both lists share: US spelling (-ize, -yze, -er), no plural "s". */
function fold(word: string): string {
  const w = SPELLING[word] ?? word;
  return w.replace(/ys(e|er|ed|ing)(s?)$/, 'yz$1$2').replace(/is(e|ed|ing|ation|er)(s?)$/, 'iz$1$2').replace(/s$/, '');
}

/** The content words of a text, case- and spelling-folded (British and US spellings, quotes and punctuation ignored). */
export function contentWords(text: string): Set<string> {
  // Wassenaar codes as the CCL writes them: "1.C.10.c." → "1c010 c".
  const t = text.replace(/\b([0-9])\.([A-E])\.([0-9]{1,2})\b/g, (_, c: string, g: string, n: string) => `${c}${g}${n.padStart(3, '0')}`);
  const words = t.toLowerCase().replace(/[‘’“”"']/g, '').split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !STOP.has(w));
  return new Set(words.map(fold));
}

/** Dice coefficient of the content words of two texts: 1 for the same words, 0 for none in common. */
export function wordSimilarity(a: string, b: string): number {
  const x = contentWords(a);
  const y = contentWords(b);
  if (x.size + y.size === 0) return 1;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return (2 * common) / (x.size + y.size);
}

/** Overlap coefficient: the share of the shorter text's content words that the other text has too. */
export function wordOverlap(a: string, b: string): number {
  const x = contentWords(a);
  const y = contentWords(b);
  if (x.size === 0 || y.size === 0) return x.size === y.size ? 1 : 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / Math.min(x.size, y.size);
}
