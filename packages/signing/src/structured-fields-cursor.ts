import type { BareItem } from './structured-fields.js';

/** Hard caps: parsing is linear, and these bound the work and memory on hostile input. */
export const SF_LIMITS = { maxLength: 8192, maxMembers: 16, maxListItems: 64, maxParams: 16, maxKey: 64 };

export const isLcAlpha = (c: string) => c >= 'a' && c <= 'z';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => isLcAlpha(c) || (c >= 'A' && c <= 'Z');
const isKeyChar = (c: string) =>
  isLcAlpha(c) || isDigit(c) || c === '_' || c === '-' || c === '.' || c === '*';
// `includes('')` is true, so the end of input ('') must be excluded explicitly.
const isTokenChar = (c: string) =>
  c.length === 1 && (isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~:/".includes(c));
const isBase64Char = (c: string) => isAlpha(c) || isDigit(c) || c === '+' || c === '/' || c === '=';

export class SfError extends Error {}

/** A position in the input plus the RFC 8941 rules for keys and bare items. */
export class Cursor {
  pos = 0;
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(): string {
    return this.s.charAt(this.pos);
  }
  fail(what: string): never {
    const at = this.done ? 'end of input' : `'${this.s[this.pos]}' at position ${this.pos}`;
    throw new SfError(`${what}, found ${at}`);
  }
  skipSp(): void {
    while (this.peek() === ' ') this.pos++;
  }
  skipOws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  key(): string {
    const start = this.pos;
    const first = this.peek();
    if (!isLcAlpha(first) && first !== '*') this.fail('expected a key (lower-case letter or *)');
    while (isKeyChar(this.peek())) this.pos++;
    if (this.pos - start > SF_LIMITS.maxKey)
      throw new SfError(`key longer than ${SF_LIMITS.maxKey} characters`);
    return this.s.slice(start, this.pos);
  }

  bareItem(): BareItem {
    const c = this.peek();
    if (c === '-' || isDigit(c)) return this.integer();
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (isAlpha(c) || c === '*') return this.token();
    return this.fail('expected an item');
  }

  private integer(): BareItem {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    const digitsStart = this.pos;
    while (isDigit(this.peek())) this.pos++;
    const digits = this.pos - digitsStart;
    if (digits === 0) this.fail('expected a digit');
    if (this.peek() === '.') this.fail('decimal numbers are not supported');
    if (digits > 15) throw new SfError('integer longer than 15 digits');
    return { type: 'integer', value: Number(this.s.slice(start, this.pos)) };
  }

  private string(): BareItem {
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return { type: 'string', value: out };
      }
      if (c === '\\') {
        this.pos++;
        const next = this.peek();
        if (next !== '"' && next !== '\\') this.fail('invalid escape in string');
        out += next;
      } else if (c < ' ' || c > '~') {
        this.fail('invalid character in string');
      } else {
        out += c;
      }
      this.pos++;
    }
  }

  private token(): BareItem {
    const start = this.pos++;
    while (isTokenChar(this.peek())) this.pos++;
    return { type: 'token', value: this.s.slice(start, this.pos) };
  }

  private bytes(): BareItem {
    const start = ++this.pos;
    while (isBase64Char(this.peek())) this.pos++;
    if (this.peek() !== ':') this.fail("expected base64 characters and a closing ':'");
    const b64 = this.s.slice(start, this.pos++);
    const value = Buffer.from(b64, 'base64');
    if (value.toString('base64') !== b64) throw new SfError('byte sequence is not canonical base64');
    return { type: 'bytes', value: new Uint8Array(value) };
  }

  private boolean(): BareItem {
    this.pos++;
    const c = this.peek();
    if (c !== '0' && c !== '1') this.fail("expected '0' or '1' after '?'");
    this.pos++;
    return { type: 'boolean', value: c === '1' };
  }
}
