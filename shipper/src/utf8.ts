/** UTF-8 helpers for the sources that cut long input at a byte limit (stdin, syslog). */

/** Drops an incomplete UTF-8 sequence at the end of a cut buffer (at most 3 continuation bytes back). */
export function trimPartialUtf8(data: Buffer): Buffer {
  let i = data.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && ((data[i] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return data;
  const lead = data[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return data.length - i < need ? data.subarray(0, i) : data;
}
