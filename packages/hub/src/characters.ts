// How long a piece of text is, in characters as people count them (and as PostgreSQL's char_length does):
// Unicode code points, not JavaScript's UTF-16 code units. An emoji is one character but two code units, so
// counting `.length` refused a 60-emoji name as 120 characters (issue 7 item 5). The hand-written name rules
// (K2 key names, C1 agent names) count with this; zod's string min/max count code points already.

/** The number of code points of `text`; a lone surrogate counts as one, as `[...text].length` does. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) count++;
  return count;
}

/** Whether `text` has from `min` to `max` characters (code points). */
export function hasCharacters(text: string, min: number, max: number): boolean {
  // Each code point is one or two code units: the bounds in code units decide most texts without counting.
  if (text.length < min || text.length > 2 * max) return false;
  if (text.length <= max && text.length >= 2 * min) return true;
  const count = characterCount(text);
  return count >= min && count <= max;
}
