/** A fetched document: raw bytes and what the server said they are. */
export interface FetchedDocument {
  body: Buffer;
  contentType?: string | undefined;
  /** The URL after redirects. */
  finalUrl: string;
  /** Set when every redirect on the way was permanent (301/308): the address to use from now on. */
  permanentUrl?: string | undefined;
  status: number;
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export interface FetchOptions {
  /** Conditional request validators from the previous fetch. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** What the caller expects, for the Accept header. */
  accept?: 'feed' | 'page' | 'any';
  signal?: AbortSignal | undefined;
}

/**
 * Gets documents from the web. The real implementation enforces timeouts, a byte cap,
 * a redirect cap and refuses private addresses; a 304 answer comes back as `status: 304`
 * with an empty body.
 */
export interface DocumentFetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchedDocument>;
}
