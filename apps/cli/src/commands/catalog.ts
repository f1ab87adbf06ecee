/**
 * Every command, by group, with a one-line summary and a loader: a command's module (and what
 * it imports, e.g. the config parser for deploy) is loaded only when that command runs, which
 * keeps `switchyard --help` fast.
 */
import type { Command } from './command';

export interface CatalogEntry {
  summary: string;
  load(): Promise<Command>;
}

export interface CommandGroup {
  summary: string;
  commands: Record<string, CatalogEntry>;
  examples: string[];
}

export const GROUPS: Record<string, CommandGroup> = {
  service: {
    summary: 'deploy, follow and steer services',
    commands: {
      deploy: {
        summary: 'deploy a service (first version or canary update)',
        load: async () => (await import('./service/deploy')).deployCommand,
      },
      status: {
        summary: 'show a service, primary and canary side by side',
        load: async () => (await import('./service/status')).statusCommand,
      },
      wait: {
        summary: 'wait until a service reaches a state (RUNNING by default)',
        load: async () => (await import('./service/wait')).waitCommand,
      },
      list: {
        summary: 'list the services of a project',
        load: async () => (await import('./service/list')).listCommand,
      },
      events: {
        summary: "show the active or latest rollout's timeline",
        load: async () => (await import('./service/events')).eventsCommand,
      },
      logs: {
        summary: 'show the last log lines of each replica of a version',
        load: async () => (await import('./service/logs')).logsCommand,
      },
      rollback: {
        summary: 'roll the active rollout back to the primary',
        load: async () => (await import('./service/rollout-commands')).rollbackCommand,
      },
      'canary-percent': {
        summary: 'move a manual rollout to N% (100 completes it)',
        load: async () => (await import('./service/rollout-commands')).canaryPercentCommand,
      },
      terminate: {
        summary: 'terminate a service (cancels an active rollout)',
        load: async () => (await import('./service/rollout-commands')).terminateCommand,
      },
      'rotate-token': {
        summary: 'issue a new query token (shown once)',
        load: async () => (await import('./service/query-token')).rotateTokenCommand,
      },
      'finish-rotation': {
        summary: 'stop accepting the previous query token',
        load: async () => (await import('./service/query-token')).finishRotationCommand,
      },
    },
    examples: [
      'switchyard service deploy -f service.yaml --wait',
      'switchyard service status -n web --json',
      'switchyard service rollback -n web',
    ],
  },
  project: {
    summary: 'list, create and show projects',
    commands: {
      list: {
        summary: 'list projects',
        load: async () => (await import('./project')).projectListCommand,
      },
      create: {
        summary: 'create a project',
        load: async () => (await import('./project')).projectCreateCommand,
      },
      get: {
        summary: 'show one project',
        load: async () => (await import('./project')).projectGetCommand,
      },
    },
    examples: [
      'switchyard project list',
      'switchyard project create shop --description "the web shop"',
    ],
  },
  token: {
    summary: 'list, create and revoke API tokens',
    commands: {
      list: {
        summary: 'list API tokens (yours; admins: all)',
        load: async () => (await import('./token')).tokenListCommand,
      },
      create: {
        summary: 'create an API token (the secret is printed once)',
        load: async () => (await import('./token')).tokenCreateCommand,
      },
      revoke: {
        summary: 'revoke an API token',
        load: async () => (await import('./token')).tokenRevokeCommand,
      },
    },
    examples: [
      'switchyard token create --name ci --scope READ --scope DEPLOY --project shop',
      'switchyard token revoke ID',
    ],
  },
};

/** Commands without a group. */
export const TOP_COMMANDS: Record<string, CatalogEntry> = {
  login: {
    summary: 'check a token and store it in the user config (mode 0600)',
    load: async () => (await import('./login')).loginCommand,
  },
};

export function groupUsage(name: string, group: CommandGroup): string {
  const width = Math.max(...Object.keys(group.commands).map((c) => c.length));
  const lines = Object.entries(group.commands).map(
    ([command, entry]) => `  ${command.padEnd(width)}  ${entry.summary}`,
  );
  return `switchyard ${name}: ${group.summary}

Usage:
  switchyard ${name} COMMAND [options]     (switchyard ${name} COMMAND --help for its options)

Commands:
${lines.join('\n')}

Examples:
${group.examples.map((e) => `  ${e}`).join('\n')}
`;
}
