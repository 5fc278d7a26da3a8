/**
 * RFC 6587 TCP framing (pure), detected per frame: octet counting (`LEN SP MSG`) when a frame
 * starts with digits and a space, otherwise newline-terminated (a trailing CR is dropped). A frame
 * over `max` bytes is cut and its tail skipped without being buffered.
 */

export interface Frame {
  data: Buffer;
  /** Bytes the sender meant this frame to have (more than `data.length` when truncated). */
  size: number;
  truncated: boolean;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 6587 framing, detected per frame: `LEN SP MSG` (octet counting) when a frame starts with
 * up to 10 digits and a space, else a newline-terminated line. Holds at most `max` bytes of a frame.
 */
export class SyslogFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Octet counting: size of the current frame (undefined: not in an octet frame). */
  private octetSize: number | undefined;
  /** Bytes to throw away (the cut tail of an octet frame). */
  private skip = 0;
  /** An over-long line, cut to `max`: its tail is skipped until LF, then it is emitted with its full size. */
  private longLine: Frame | undefined;
  private scanned = 0;

  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length);
        this.skip -= n;
        this.buf = this.buf.subarray(n);
        if (this.skip > 0) break;
        continue;
      }
      if (this.longLine) {
        const lf = this.buf.indexOf(LF);
        if (lf === -1) {
          this.longLine.size += this.buf.length;
          this.buf = Buffer.alloc(0);
          break;
        }
        this.longLine.size += lf > 0 && this.buf[lf - 1] === CR ? lf - 1 : lf;
        frames.push(this.longLine);
        this.longLine = undefined;
        this.buf = this.buf.subarray(lf + 1);
        continue;
      }
      if (this.octetSize !== undefined) {
        const want = Math.min(this.octetSize, this.max);
        if (this.buf.length < want) break;
        frames.push({ data: this.buf.subarray(0, want), size: this.octetSize, truncated: this.octetSize > want });
        this.skip = this.octetSize - want;
        this.octetSize = undefined;
        this.buf = this.buf.subarray(want);
        continue;
      }
      // Between frames: drop stray line ends and NULs.
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === LF || this.buf[start] === CR || this.buf[start] === 0))
        start++;
      if (start > 0) {
        this.buf = this.buf.subarray(start);
        this.scanned = 0;
      }
      if (this.buf.length === 0) break;
      const first = this.buf[0] as number;
      if (first > DIGIT_0 && first <= DIGIT_9) {
        let i = 0;
        while (
          i < this.buf.length &&
          i < 11 &&
          (this.buf[i] as number) >= DIGIT_0 &&
          (this.buf[i] as number) <= DIGIT_9
        )
          i++;
        if (i === this.buf.length && i <= 10) break; // need more bytes to decide
        if (i <= 10 && this.buf[i] === SPACE) {
          this.octetSize = Number(this.buf.subarray(0, i).toString('latin1'));
          this.buf = this.buf.subarray(i + 1);
          this.scanned = 0;
          continue;
        }
      }
      // Newline framing.
      const lf = this.buf.indexOf(LF, this.scanned);
      if (lf === -1) {
        if (this.buf.length > this.max) {
          this.longLine = { data: Buffer.from(this.buf.subarray(0, this.max)), size: this.buf.length, truncated: true };
          this.buf = Buffer.alloc(0);
          this.scanned = 0;
          continue;
        }
        this.scanned = this.buf.length;
        break;
      }
      const end = lf > 0 && this.buf[lf - 1] === CR ? lf - 1 : lf;
      frames.push({ data: this.buf.subarray(0, Math.min(end, this.max)), size: end, truncated: end > this.max });
      this.buf = this.buf.subarray(lf + 1);
      this.scanned = 0;
    }
    // Copy what is kept so a small tail does not pin a large chunk.
    if (this.buf.length > 0 && this.buf.length < this.buf.buffer.byteLength / 2) this.buf = Buffer.from(this.buf);
    return frames;
  }

  /** The connection ended: whatever is left is the last frame. */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.longLine) frames.push(this.longLine);
    else if (this.octetSize !== undefined) {
      if (this.buf.length > 0) frames.push({ data: this.buf, size: this.octetSize, truncated: true });
    } else if (this.skip === 0 && this.buf.length > 0) {
      const data = this.buf[this.buf.length - 1] === CR ? this.buf.subarray(0, -1) : this.buf;
      if (data.length > 0) frames.push({ data, size: data.length, truncated: false });
    }
    this.buf = Buffer.alloc(0);
    this.octetSize = undefined;
    this.longLine = undefined;
    return frames;
  }
}
