/** Header maps as Node gives them: lower-case names; repeated fields as arrays. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The parts of a request a signature base is built from, as received (or as about to be sent). */
export interface HttpMessage {
  method: string;
  /** Absolute path, percent-encoded as on the wire, without the query. */
  path: string;
  /** Raw query including the leading `?`, or '' when there is none. */
  query: string;
  /** Host (and non-default port) of the target URI; defaults to the `host` header. */
  authority?: string;
  /** `http` or `https`; only used by `@scheme` and `@target-uri`. */
  scheme?: string;
  headers: HeaderMap;
}

export const DERIVED_COMPONENTS = [
  '@method',
  '@target-uri',
  '@authority',
  '@scheme',
  '@request-target',
  '@path',
  '@query',
] as const;

/** A derived component name, or a lower-case HTTP field name (an RFC 9110 token). */
export function isComponentName(name: string): boolean {
  if (name.startsWith('@')) return (DERIVED_COMPONENTS as readonly string[]).includes(name);
  return name.length > 0 && name.length <= 128 && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name);
}

export type ComponentValue = { ok: true; value: string } | { ok: false; absent: boolean; error: string };

/** Control characters other than HTAB would let a value forge extra lines of the base. */
function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

function fieldValue(name: string, headers: HeaderMap): ComponentValue {
  const raw = headers[name];
  if (raw === undefined || (typeof raw !== 'string' && raw.length === 0))
    return { ok: false, absent: true, error: `header ${name} is not present` };
  const value = typeof raw === 'string' ? raw.trim() : raw.map((v) => v.trim()).join(', ');
  if (hasControlChars(value))
    return { ok: false, absent: false, error: `header ${name} contains control characters` };
  return { ok: true, value };
}

function authorityOf(message: HttpMessage): string | undefined {
  if (message.authority !== undefined) return message.authority.toLowerCase();
  const host = message.headers.host;
  return typeof host === 'string' ? host.trim().toLowerCase() : undefined;
}

function derivedValue(name: string, message: HttpMessage): string | undefined {
  const path = message.path === '' ? '/' : message.path;
  const query = message.query === '' ? '?' : message.query;
  switch (name) {
    case '@method':
      return message.method.toUpperCase();
    case '@path':
      return path;
    case '@query':
      return query;
    case '@request-target':
      return path + message.query;
    case '@scheme':
      return (message.scheme ?? 'https').toLowerCase();
    case '@authority':
      return authorityOf(message);
    case '@target-uri': {
      const authority = authorityOf(message);
      if (authority === undefined) return undefined;
      return `${(message.scheme ?? 'https').toLowerCase()}://${authority}${path}${message.query}`;
    }
    default:
      return undefined;
  }
}

/** The canonical value of one covered component. Never throws. */
export function componentValue(name: string, message: HttpMessage): ComponentValue {
  if (!name.startsWith('@')) return fieldValue(name, message.headers);
  const value = derivedValue(name, message);
  if (value === undefined)
    return { ok: false, absent: true, error: `cannot derive ${name} from the request` };
  if (hasControlChars(value))
    return { ok: false, absent: false, error: `${name} contains control characters` };
  return { ok: true, value };
}
