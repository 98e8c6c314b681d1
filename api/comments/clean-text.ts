// What readers type, made safe to keep and to publish: no control characters or noncharacters
// (they make feeds invalid XML and can hide text), and in names nothing invisible or reordering.

// C0 controls but tab and newline, DEL, C1 controls; noncharacters (U+FFFE, U+FDD0 …).
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}]/gu;
// Zero-width characters, soft hyphens, variation selectors, tag characters …, and the
// bidirectional marks, embeddings, overrides and isolates that reorder what follows.
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/** Text as it is kept: lines end with \n, no control characters, noncharacters or lone surrogates. */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(/\r\n?/g, '\n').replace(controls, '');
}

/** A name as it is kept and compared: clean text on one line, nothing invisible, single spaces. */
export function cleanName(name: string): string {
  return cleanText(name).replace(invisible, '').replace(/\s+/gu, ' ').trim();
}

/** Text with what cannot be seen removed, for matching words a reader would see (not for keeping). */
export function visibleText(text: string): string {
  return cleanText(text).replace(invisible, '');
}
