/**
 * Repairs Vietnamese words that a PDF text layer ran together. Pure.
 *
 * Text layers often drop the space between two words set in different runs: "Ban Thường
 * vụĐảng uỷ", "Đảng uỷtrước ngày 25/9/2025", "chủtrì", "từđầu năm 2026". Vietnamese writes
 * one syllable per word, and a syllable carries at most one tone mark and begins with a
 * capital only at a word's start, so two rules find the seams without a dictionary:
 *  - a lower-case letter followed by a capital ("vụĐảng" → "vụ Đảng");
 *  - a word with two tone-marked vowel groups, split where the consonants between them end
 *    one syllable and begin the next ("uỷtrước" → "uỷ trước", "chủtrì" → "chủ trì").
 * Words of the level tone (no mark) are left alone: without a dictionary they cannot be told
 * from one long word, and an honest run-on beats a wrong split.
 */

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
/** Vowels, with any tone, in NFC. */
const VOWEL = /[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
/** Vowels that carry a tone mark (sắc, huyền, hỏi, ngã, nặng). */
const TONED = /[áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
/** Consonants that may end a syllable, and those that may begin one (longest first). */
const FINALS = ['ch', 'ng', 'nh', 'c', 'm', 'n', 'p', 't', ''];
const INITIALS = [
  'ngh',
  'ng',
  'nh',
  'ch',
  'gh',
  'gi',
  'kh',
  'ph',
  'qu',
  'q',
  'th',
  'tr',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
];

const fold1 = (ch: string) =>
  ch
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
/** Sắc or nặng: the only tones a syllable closed by c, ch, p, t can carry. */
const STOP_TONE = /[áắấéếíóốớúứýạặậẹệịọộợụựỵ]/i;

/** Can `final` close a syllable whose vowels are `vowels`, and `initial` open one before `next`? */
function validSeam(vowels: string, final: string, initial: string, next: string): boolean {
  const last = fold1(vowels[vowels.length - 1]);
  const lastRaw = vowels[vowels.length - 1].normalize('NFD')[0].toLowerCase();
  if (['c', 'ch', 'p', 't'].includes(final) && !STOP_TONE.test(vowels)) return false;
  // "ch", "nh" close only a, ê, i, y; "c", "ng" never close e, ê, i.
  if (
    (final === 'ch' || final === 'nh') &&
    !(['i', 'y'].includes(last) || (last === 'a' && lastRaw === 'a') || vowels.normalize('NFD').toLowerCase().includes('e\u0302'))
  )
    return false;
  if ((final === 'c' || final === 'ng') && ['e', 'i'].includes(last)) return false;
  const front = ['e', 'i', 'y'].includes(fold1(next[0] ?? ''));
  if ((initial === 'gh' || initial === 'ngh' || initial === 'k') && !front) return false;
  if ((initial === 'c' || initial === 'ng' || initial === 'g') && front && initial !== 'g') return false;
  return true;
}

/**
 * Splits one word at the seam between two toned syllables; null when it is not two. Where
 * the language allows more than one seam ("thựchiện": thực|hiện or thự|chiện), the words the
 * document itself uses elsewhere decide (`known`); then a closed first syllable.
 */
function splitToned(word: string, known: ReadonlySet<string>): string | null {
  // Vowel groups and the consonant runs between them.
  const groups: { from: number; to: number; toned: boolean }[] = [];
  for (let i = 0; i < word.length;) {
    // The u of "qu" belongs to the consonant ("kếtquả": kết|quả).
    if (!VOWEL.test(word[i]) || (i > 0 && /[uU]/.test(word[i]) && /[qQ]/.test(word[i - 1]))) {
      i++;
      continue;
    }
    let j = i;
    let toned = false;
    for (; j < word.length && VOWEL.test(word[j]); j++) if (TONED.test(word[j])) toned = true;
    groups.push({ from: i, to: j, toned });
    i = j;
  }
  if (groups.length !== 2 || !groups[0].toned || !groups[1].toned) return null;
  const run = word.slice(groups[0].to, groups[1].from).toLowerCase();
  if (!/^(?:[bcdđghklmnprstvx]|qu)*$/.test(run)) return null;
  const vowels = word.slice(groups[0].from, groups[0].to);
  let best: { at: number; score: number } | null = null;
  for (const final of FINALS) {
    if (!run.startsWith(final)) continue;
    const initial = run.slice(final.length);
    if (!INITIALS.includes(initial) && initial !== '') continue;
    if (initial === '' && final === '') continue;
    if (!validSeam(vowels, final, initial, word.slice(groups[1].from))) continue;
    const at = groups[0].to + final.length;
    const score = (known.has(word.slice(0, at).toLowerCase()) ? 1 : 0) + (known.has(word.slice(at).toLowerCase()) ? 1 : 0);
    // FINALS run longest first: on a tie the closed first syllable stays.
    if (!best || score > best.score) best = { at, score };
  }
  return best ? `${word.slice(0, best.at)} ${word.slice(best.at)}` : null;
}

/** Words of a text, lower-cased: the document's own vocabulary for choosing a seam. */
export function vocabulary(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.normalize('NFC').matchAll(/\p{L}+/gu)) out.add(m[0].toLowerCase());
  return out;
}

/** A word that may be two run together: a capital after lower case, or two tone marks. */
const TONES = 'áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ';
// Case-sensitive: a capital after two lower-case letters ("vụĐảng"); case-insensitive: two tone marks in a word.
const CASE_SEAM = /\p{Ll}\p{Ll}\p{Lu}/u;
const TWO_TONES = new RegExp(`[${TONES}]\\p{L}*[${TONES}]`, 'iu');
const SUSPECT = { test: (s: string) => CASE_SEAM.test(s) || TWO_TONES.test(s) };

/** Whether a text has any word to repair (most have none: the vocabulary is then not needed). */
export function needsRepair(text: string): boolean {
  return SUSPECT.test(text);
}

export function repairSyllables(line: string, known: ReadonlySet<string> = new Set()): string {
  if (!SUSPECT.test(line)) return line;
  return line.replace(/\p{L}{2,}/gu, (word) => {
    if (!SUSPECT.test(word)) return word;
    let out = '';
    for (let i = 0; i < word.length; i++) {
      // "vụĐảng": a capital after two lower-case letters starts a new word ("iPhone", "TTg", "QĐ" stay).
      if (i > 1 && UPPER.test(word[i]) && LOWER.test(word[i - 1]) && LOWER.test(word[i - 2])) out += ' ';
      out += word[i];
    }
    return out
      .split(' ')
      .map((w) => splitToned(w, known) ?? w)
      .join(' ');
  });
}
