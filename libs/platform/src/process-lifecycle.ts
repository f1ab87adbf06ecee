import type { Logger } from './logger';

/**
 * Runs a long-lived process: starts it, and on SIGINT/SIGTERM stops it once (a second signal
 * forces exit). Stopping must finish in `graceMs` or the process exits anyway, so an
 * orchestrator's kill timeout is never the thing that ends us.
 */
export function runUntilSignalled(options: {
  logger: Logger;
  start: () => Promise<{ stop: () => Promise<void> }>;
  graceMs?: number;
}): void {
  const { logger } = options;
  let stopping = false;
  options
    .start()
    .then(({ stop }) => {
      const shutdown = (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'stopping');
        const timer = setTimeout(() => {
          logger.error('graceful stop timed out');
          process.exit(1);
        }, options.graceMs ?? 10_000);
        timer.unref();
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    })
    .catch((error: unknown) => {
      logger.fatal({ err: error }, 'failed to start');
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
