import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { chromium, type Page, type Request } from '@playwright/test';
import { createSuggestionIndex } from '../../api/deflection';
import { createServer } from '../../api/server';
import { openDatabase } from '../../db/connection';
import { chromiumLaunchOptions } from '../../tests/support/chromium';

/** One response as Chromium received it. */
export interface RequestRecord {
  path: string;
  /** Playwright's resource type: document, stylesheet, script, fetch, image... */
  type: string;
  status: number;
  /** Content-Encoding of the response ('' when sent as is). */
  encoding: string;
  /** Body bytes on the wire (compressed when the server compressed it). */
  bodyBytes: number;
  headerBytes: number;
  /**
   * Who counted the bytes: Chromium; or Docket's server, for responses Chromium saw with a 0-byte body (worker
   * scripts) or never showed the page (fetches from a worker), whose header bytes are then estimated.
   */
  countedBy: 'chromium' | 'server';
}

/** A response as Docket's server sent it. */
interface ServedResponse {
  path: string;
  status: number;
  encoding: string;
  bodyBytes: number;
  /** Status line and headers, with the ones Node adds (Date, Connection, Keep-Alive): an estimate. */
  headerBytes: number;
}

/** An article page loaded in a fresh browser, up to network idle, before the reader touches anything. */
export interface PageLoadMeasurement {
  requests: RequestRecord[];
  /** Accept-Encoding as Chromium sent it for the page. */
  acceptEncoding: string;
  /** Body + header bytes of every response. */
  transferredBytes: number;
  html: { bodyBytes: number; gzipBytes: number; rawBytes: number };
  css: { files: number; bodyBytes: number; gzipBytes: number };
  /** External scripts fetched before interaction. */
  js: { files: number; bodyBytes: number };
  /** Scripts inside the HTML that run on load (JSON-LD excluded): already part of the HTML bytes above. */
  inlineJs: { scripts: number; rawBytes: number; gzipBytes: number };
  /** JSON-LD blocks: data for search engines, never executed; also part of the HTML bytes. */
  jsonLd: { blocks: number; rawBytes: number };
  /**
   * Event-handler attributes (`onfocus="..."`): code the browser compiles only when the reader acts on the
   * element; their values' bytes are part of the HTML bytes.
   */
  handlers: { attributes: number; rawBytes: number };
}

/** Everything fetched from focusing the header search box to its results being shown. */
export interface FirstSearchMeasurement {
  query: string;
  requests: RequestRecord[];
  transferredBytes: number;
  bodyBytes: number;
  /** Requests and bytes (body + headers) by what they are. */
  byKind: Record<string, { requests: number; bytes: number }>;
  /** Links shown in the dropdown. */
  results: number;
  /** From the click into the search box to the first result link being visible. */
  msToResults: number;
}

export interface BrowserMeasurement {
  url: string;
  load: PageLoadMeasurement;
  search: FirstSearchMeasurement;
}

/** What a first-search request is for, judged by its path. */
function searchKind(path: string): string {
  if (path.startsWith('/_astro/')) return 'Docket search client';
  if (/^\/pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.)/.test(path)) {
    return 'Pagefind runtime (js, worker, entry, wasm)';
  }
  if (path.endsWith('.pf_meta')) return 'Pagefind meta';
  if (path.endsWith('.pf_index')) return 'Pagefind index chunks';
  if (path.endsWith('.pf_filter')) return 'Pagefind filters';
  if (path.endsWith('.pf_fragment')) return 'Pagefind fragments (result excerpts)';
  return 'other';
}

/** Bytes of a file as this server sends it to a client that only accepts gzip (the targets are in gzip). */
async function gzipServedBytes(url: string): Promise<number> {
  const response = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
  const body = new Uint8Array(await response.arrayBuffer());
  // Content-Length is the encoded size; fetch hands back the decoded body.
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : body.byteLength;
}

function inlineScripts(html: string): Pick<PageLoadMeasurement, 'inlineJs' | 'jsonLd' | 'handlers'> {
  const inlineJs = { scripts: 0, rawBytes: 0, gzipBytes: 0 };
  const result = { inlineJs, jsonLd: { blocks: 0, rawBytes: 0 }, handlers: { attributes: 0, rawBytes: 0 } };
  const code: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    // `src=` as an attribute of its own: `data-src=` doesn't make a script external.
    if (/(?:^|\s)src=/i.test(attributes)) continue;
    if (/type=["']?application\/ld\+json/i.test(attributes)) {
      result.jsonLd.blocks += 1;
      result.jsonLd.rawBytes += Buffer.byteLength(body);
    } else {
      inlineJs.scripts += 1;
      inlineJs.rawBytes += Buffer.byteLength(body);
      code.push(body);
    }
  }
  if (code.length) inlineJs.gzipBytes = gzipSync(code.join('\n'), { level: 9 }).byteLength;
  // Attributes of start tags only, script bodies left out: text can't hold a raw "<".
  const tags = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').matchAll(/<[a-z][^>]*>/gi);
  for (const [tag] of tags) {
    for (const handler of tag.matchAll(/\son[a-z]+=(?:"([^"]*)"|'([^']*)')/gi)) {
      result.handlers.attributes += 1;
      result.handlers.rawBytes += Buffer.byteLength(handler[1] ?? handler[2] ?? '');
    }
  }
  return result;
}

/** Resolves once no request has been in flight for `quietMs`. */
async function networkQuiet(inFlight: () => number, quietMs = 500, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    if (inFlight() > 0) quietSince = performance.now();
    else if (performance.now() - quietSince >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`The network never went quiet (${inFlight()} requests still in flight).`);
}

/**
 * Serves a client build with Docket's own server on 127.0.0.1, opens one article in Chromium and measures what
 * it loads before interaction; then searches from the header box and measures what the first search fetches.
 */
export async function measureInBrowser(options: {
  clientDir: string;
  articlePath: string;
  query: string;
}): Promise<BrowserMeasurement> {
  // The page and search measured here never reach the API; an empty in-memory database is all it needs.
  const app = createServer({
    clientDir: options.clientDir,
    db: openDatabase(':memory:'),
    suggestions: createSuggestionIndex([]),
  });
  const served: ServedResponse[] = [];
  const fetchAndRecord = async (request: globalThis.Request) => {
    const response = await app.fetch(request);
    const headerBytes =
      `HTTP/1.1 ${response.status} ${response.statusText}\r\n`.length +
      [...response.headers].reduce((total, [name, value]) => total + name.length + value.length + 4, 0) +
      NODE_HEADER_BYTES;
    served.push({
      path: new URL(request.url).pathname,
      status: response.status,
      encoding: response.headers.get('content-encoding') ?? '',
      bodyBytes: Number(response.headers.get('content-length') ?? 0),
      headerBytes,
    });
    return response;
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: fetchAndRecord, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = `${origin}${options.articlePath}`;
    let phase: 'load' | 'search' = 'load';
    let inFlight = 0;
    const phaseOf = new Map<Request, 'load' | 'search'>();
    const records: Array<Promise<{ phase: 'load' | 'search'; record: RequestRecord }>> = [];
    page.on('request', (request) => {
      inFlight += 1;
      phaseOf.set(request, phase);
    });
    page.on('requestfailed', () => (inFlight -= 1));
    page.on('requestfinished', (request) => {
      inFlight -= 1;
      records.push(
        (async () => {
          const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
          return {
            phase: phaseOf.get(request) ?? 'load',
            record: {
              path: new URL(request.url()).pathname,
              type: request.resourceType(),
              status: response?.status() ?? 0,
              encoding: (await response?.allHeaders())?.['content-encoding'] ?? '',
              bodyBytes: sizes.responseBodySize,
              headerBytes: sizes.responseHeadersSize,
              countedBy: 'chromium',
            },
          };
        })(),
      );
    });

    const documentResponse = await page.goto(url, { waitUntil: 'networkidle' });
    if (!documentResponse?.ok()) throw new Error(`${url} answered ${documentResponse?.status()}.`);
    await networkQuiet(() => inFlight);
    const html = await documentResponse.text();
    const acceptEncoding = (await documentResponse.request().allHeaders())['accept-encoding'] ?? '';

    phase = 'search';
    const searchStarted = performance.now();
    const servedBeforeSearch = served.length;
    const results = await search(page, options.query);
    const msToResults = performance.now() - searchStarted;
    await networkQuiet(() => inFlight);

    const settled = await Promise.all(records);
    const loadRequests = reconcile(
      settled.filter((entry) => entry.phase === 'load').map((entry) => entry.record),
      served.slice(0, servedBeforeSearch),
    );
    const searchRequests = reconcile(
      settled.filter((entry) => entry.phase === 'search').map((entry) => entry.record),
      served.slice(servedBeforeSearch),
    );
    await context.close();
    return {
      url: options.articlePath,
      load: await summarizeLoad(origin, loadRequests, html, acceptEncoding),
      search: summarizeSearch(options.query, searchRequests, results, msToResults),
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `Date: <29 chars>`, `Connection: keep-alive`, `Keep-Alive: timeout=5`, each with CRLF, and the blank line. */
const NODE_HEADER_BYTES = 37 + 24 + 23 + 2;

/**
 * Chromium's records, corrected by the server's: Playwright reports 0 body bytes for a worker's script and
 * never sees what a worker fetches, so those bytes come from the Content-Length the server sent.
 */
function reconcile(seen: RequestRecord[], served: ServedResponse[]): RequestRecord[] {
  const unmatched = [...served];
  const records = seen.map((record) => {
    const index = unmatched.findIndex((response) => response.path === record.path);
    const response = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    if (response && record.bodyBytes === 0 && response.bodyBytes > 0 && response.status === 200) {
      return { ...record, bodyBytes: response.bodyBytes, encoding: response.encoding, countedBy: 'server' as const };
    }
    return record;
  });
  for (const response of unmatched) {
    records.push({
      path: response.path,
      type: 'not seen by the page (worker?)',
      status: response.status,
      encoding: response.encoding,
      bodyBytes: response.bodyBytes,
      headerBytes: response.headerBytes,
      countedBy: 'server',
    });
  }
  return records;
}

/** Clicks into the header search, enters the query in one input event (like the e2e helper), waits for results. */
async function search(page: Page, query: string): Promise<number> {
  const input = page.locator('#site-search');
  await input.click();
  await input.fill(query);
  const links = page.locator('#site-search-results a');
  await links.first().waitFor({ state: 'visible', timeout: 60_000 });
  return links.count();
}

async function summarizeLoad(
  origin: string,
  requests: RequestRecord[],
  html: string,
  acceptEncoding: string,
): Promise<PageLoadMeasurement> {
  const sum = (list: RequestRecord[], pick: (record: RequestRecord) => number) =>
    list.reduce((total, record) => total + pick(record), 0);
  const documents = requests.filter((record) => record.type === 'document');
  const stylesheets = requests.filter((record) => record.type === 'stylesheet');
  const scripts = requests.filter((record) => record.type === 'script');
  let htmlGzip = 0;
  for (const record of documents) htmlGzip += await gzipServedBytes(`${origin}${record.path}`);
  let cssGzip = 0;
  for (const record of stylesheets) cssGzip += await gzipServedBytes(`${origin}${record.path}`);
  const { inlineJs, jsonLd, handlers } = inlineScripts(html);
  return {
    requests,
    acceptEncoding,
    transferredBytes: sum(requests, (record) => record.bodyBytes + record.headerBytes),
    html: { bodyBytes: sum(documents, (record) => record.bodyBytes), gzipBytes: htmlGzip, rawBytes: Buffer.byteLength(html) },
    css: { files: stylesheets.length, bodyBytes: sum(stylesheets, (record) => record.bodyBytes), gzipBytes: cssGzip },
    js: { files: scripts.length, bodyBytes: sum(scripts, (record) => record.bodyBytes) },
    inlineJs,
    jsonLd,
    handlers,
  };
}

function summarizeSearch(query: string, requests: RequestRecord[], results: number, msToResults: number): FirstSearchMeasurement {
  const byKind: FirstSearchMeasurement['byKind'] = {};
  let transferredBytes = 0;
  let bodyBytes = 0;
  for (const record of requests) {
    const entry = (byKind[searchKind(record.path)] ??= { requests: 0, bytes: 0 });
    entry.requests += 1;
    entry.bytes += record.bodyBytes + record.headerBytes;
    transferredBytes += record.bodyBytes + record.headerBytes;
    bodyBytes += record.bodyBytes;
  }
  return { query, requests, transferredBytes, bodyBytes, byKind, results, msToResults };
}
