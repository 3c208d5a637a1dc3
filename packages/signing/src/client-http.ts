export type QueryInput =
  | string
  | URLSearchParams
  | Record<string, string | number | boolean | null | undefined>;

export interface TransfersResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else the text (undefined when empty). */
  body: unknown;
  rawBody: string;
}

export class TransfersClientError extends Error {
  constructor(
    message: string,
    readonly response: TransfersResponse,
  ) {
    super(message);
    this.name = 'TransfersClientError';
  }
}

/** `?a=1&b=2` from a query object, URLSearchParams or string ('' when empty). */
export function queryString(query: QueryInput | undefined): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query === '' || query.startsWith('?') ? query : `?${query}`;
  const params = new URLSearchParams(query instanceof URLSearchParams ? query : undefined);
  if (!(query instanceof URLSearchParams)) {
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null) params.append(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** Status, headers, raw text and (for JSON) the parsed body of a fetch response. */
export async function readResponse(response: Response): Promise<TransfersResponse> {
  const rawBody = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let body: unknown = rawBody === '' ? undefined : rawBody;
  if (rawBody !== '' && /json/i.test(headers['content-type'] ?? '')) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
  }
  return { status: response.status, headers, body, rawBody };
}
