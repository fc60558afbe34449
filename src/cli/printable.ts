// Text from files and flags on its way to a terminal: control characters (C0, DEL, C1, which a
// terminal may execute: "\x1b]0;…" sets its title, "\x1b[2J" clears it), line and paragraph
// separators and the bidirectional overrides (which reorder what is shown) are written as
// escapes, so a message stays one line and shows what it says.

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as \xNN or \uNNNN. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
