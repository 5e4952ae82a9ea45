import normalizeUrl from 'normalize-url';

/** Query parameters that track the reader, not identify the page. */
const trackingParameters: ReadonlyArray<RegExp | string> = [
  /^utm_\w+/i,
  /^(fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|rb_clickid|s_cid|ncid|ocid|cmpid|smid|taid|sr_share|at_medium|at_campaign|at_custom\d|spm|share|shared|ref_src|ref_url|rss|feed|CMP|__twitter_impression|guccounter|guce_referrer\w*)$/i,
];

/**
 * The URL to store and show: http(s) only, no tracking parameters or fragment, lowercase host,
 * no default port. Returns undefined for anything that is not an absolute http(s) URL.
 *
 * @example
 * cleanUrl('https://WWW.Example.com:443/a?utm_source=x&id=2#top') // 'https://www.example.com/a?id=2'
 */
export function cleanUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return normalizeUrl(parsed.toString(), {
    stripHash: true,
    stripWWW: false,
    removeQueryParameters: trackingParameters,
    removeTrailingSlash: false,
    removeSingleSlash: false,
    sortQueryParameters: false,
    stripTextFragment: true,
  });
}

/**
 * The identity of a page for deduplication: also ignores `www.`, the scheme, a trailing
 * slash and query order, so the same article linked two ways is one article.
 */
export function urlIdentity(raw: string | undefined): string | undefined {
  const clean = cleanUrl(raw);
  if (clean === undefined) return undefined;
  return normalizeUrl(clean, {
    stripProtocol: true,
    stripWWW: true,
    removeTrailingSlash: true,
    sortQueryParameters: true,
    removeDirectoryIndex: [/^index\.(html?|php|aspx?)$/i],
  });
}

/** The outlet name to show for a URL: its host without `www.`. */
export function hostSource(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
