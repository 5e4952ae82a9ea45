import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { UserError } from '../errors.ts';
import { decideAddress, singleAddressBlock, type AllowList } from './address-guard.ts';

/** Resolves a host name to every address it has (A and AAAA). */
export type Resolver = (hostname: string) => Promise<string[]>;

/** Where a connection is about to go: called after the address check, just before the socket opens. */
export type ConnectObserver = (target: { hostname: string; address: string; port: number }) => void;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, order: 'verbatim' })).map((entry) => entry.address);

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The refusal people see: which address, what kind, and the config that would allow it. */
export function refusedAddressError(hostname: string, address: string, range: string): UserError {
  const subject = hostname === address ? address : `${hostname} resolves to ${address}, which`;
  return new UserError(
    'address_refused',
    `refused: ${subject} is ${article(range)} ${range} address (set FETCH_ALLOW_PRIVATE_NETWORKS=${singleAddressBlock(address)} to allow)`,
    { context: { hostname, address, range } },
  );
}

/**
 * Checks a host before any socket opens: an IP literal directly, a name by resolving it
 * and checking EVERY address it has. Returns the checked addresses to connect to, so a
 * second, different DNS answer (rebinding) never reaches the socket.
 */
export async function checkedAddresses(hostname: string, allowList: AllowList, resolve: Resolver): Promise<string[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_AGAIN' ? 'no such host' : (error as Error).message;
      throw new UserError('dns_failed', `cannot resolve ${host}: ${why}`, { cause: error, context: { hostname: host } });
    }
    if (addresses.length === 0) throw new UserError('dns_failed', `cannot resolve ${host}: no addresses`);
  }
  for (const address of addresses) {
    const decision = decideAddress(address, allowList);
    if (!decision.allowed) throw refusedAddressError(host, decision.address, decision.range);
  }
  return addresses;
}

export interface GuardedConnectorOptions {
  allowList: AllowList;
  resolve: Resolver;
  connectTimeoutMs: number;
  onConnect?: ConnectObserver | undefined;
  /** Trusted certificates replacing the defaults (give the system roots too, to add to them). */
  ca?: string[] | undefined;
}

/**
 * An undici connector that connects only to checked addresses: the name is resolved here,
 * every answer is checked, and the socket is opened to the checked IP (TLS still verifies
 * the certificate against the host name, sent as SNI).
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const base = buildConnector({ timeout: options.connectTimeoutMs, ...(options.ca ? { ca: options.ca } : {}) });
  return (connectOptions, callback) => {
    const hostname = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    checkedAddresses(hostname, options.allowList, options.resolve).then(
      (addresses) => {
        const servername = isIP(hostname) === 0 ? hostname : undefined;
        const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
        // Try each checked address in turn (as a browser would), never an unchecked one.
        const attempt = (index: number, lastError?: Error): void => {
          const address = addresses[index];
          if (address === undefined) {
            callback(lastError ?? new Error(`cannot connect to ${hostname}`), null);
            return;
          }
          options.onConnect?.({ hostname, address, port });
          base({ ...connectOptions, hostname: address, servername }, (error, socket) => {
            if (error) attempt(index + 1, error);
            else callback(null, socket!);
          });
        };
        attempt(0);
      },
      (error: Error) => callback(error, null),
    );
  };
}
