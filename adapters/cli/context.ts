import type { App } from '../app.ts';
import type { DeliveryWiringFactory } from '../delivery-wiring.ts';

/** What every CLI subcommand gets: a lazily opened app and the streams to write to. */
export interface CliContext {
  /** Opens the app on first use; commands that need no store never open it. */
  app(): Promise<App>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Sets the process exit code without exiting (output is flushed first). */
  setExitCode(code: number): void;
  /** Builds notifiers for `digest run`; tests inject fakes (default: createDeliveryWiring). */
  deliveryWiring?: DeliveryWiringFactory | undefined;
}

/** Writes one line. */
export function line(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
