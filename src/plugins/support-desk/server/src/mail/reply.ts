/**
 * The new part of a reply (pure). The documented rule, applied line by line to the plain text:
 *
 * 1. The text ends before the first line that starts quoted history:
 *    - an attribution line: `On <date>, <name> wrote:` (may wrap onto the next line), `<name> wrote:`,
 *      `在 … 写道：`, `… 于 … 写道：`, `Am … schrieb …:`, `Le … a écrit :`;
 *    - an Outlook/Exchange header block: `-----Original Message-----`, `________________`, or a
 *      `From:` line followed within three lines by `Sent:`/`Date:`/`发送时间:`, or `发件人:`;
 *    - our own marker line `-- reply above this line --` (not written by us today; accepted).
 * 2. Lines starting with `>` (quoted text) are dropped wherever they are.
 * 3. A signature ends the text: the standard delimiter `-- ` (dash dash space) alone on a line, or a
 *    mobile footer `Sent from my …` / `Get Outlook for …` / `发自我的…`.
 * 4. Trailing blank lines are removed. If nothing is left (a reply that was only a quote), the whole
 *    text without `>` lines is kept, so a customer's words are never lost.
 */

const ATTRIBUTION = [
  /^On\b.{0,200}\bwrote:\s*$/i,
  /^.{1,200}\bwrote:\s*$/i,
  /^在.{0,200}写道[:：]\s*$/,
  /^.{0,200}于.{0,200}写道[:：]\s*$/,
  /^Am\b.{0,200}\bschrieb\b.{0,200}:\s*$/i,
  /^Le\b.{0,200}\ba écrit\s*:\s*$/i,
];
const SEPARATORS = [/^-{2,}\s*Original Message\s*-{2,}\s*$/i, /^_{10,}\s*$/, /^-{2,}\s*原始邮件\s*-{2,}\s*$/, /^-- reply above this line --$/i, /^发件人[:：]/];
const SIGNATURE = [/^-- $/, /^--$/, /^Sent from my\b/i, /^Get Outlook for\b/i, /^发自我的/];

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i].trim();
  if (SEPARATORS.some((r) => r.test(line))) return true;
  if (ATTRIBUTION.some((r) => r.test(line))) return true;
  // "On Mon, 1 Dec 2026 at 10:00, Name <a@b>" + "wrote:" on the next line.
  if (/^On\b/i.test(line) && i + 1 < lines.length && /^.{0,120}wrote:\s*$/i.test(lines[i + 1].trim())) return true;
  if (/^From:\s/i.test(line)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j += 1) if (/^(Sent|Date|发送时间)[:：]\s/i.test(lines[j].trim())) return true;
  }
  return false;
}

export function trimReply(text: string): string {
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i];
    if (startsHistory(lines, i)) break;
    if (SIGNATURE.some((r) => r.test(raw)) || SIGNATURE.some((r) => r.test(raw.trim()) && raw.trim() !== '--')) break;
    if (/^\s*>/.test(raw)) continue;
    kept.push(raw);
  }
  const result = kept.join('\n').replace(/\s+$/, '').replace(/^\s*\n/, '');
  if (result.trim()) return result;
  return lines.filter((l) => !/^\s*>/.test(l)).join('\n').trim();
}
