/** `switchyard project list | create | get`. */
import { expectData } from '../api/client';
import { allPages } from '../api/pages';
import type { Project } from '../api/types';
import { booleanFlag, stringFlag } from '../args/parse';
import { fields, json, shortTime, table } from '../output/table';
import type { Command } from './command';
import { connect } from './connect';

export const projectListCommand: Command = {
  summary: 'list projects',
  usage: `List the organization's projects.

Usage:
  switchyard project list [--json]

Examples:
  switchyard project list
  switchyard project list --json | jq -r '.[].name'
`,
  options: { json: { type: 'boolean' } },
  async run(ctx, args) {
    const { api } = connect(ctx);
    const projects = await allPages((cursor) =>
      expectData(api.client.GET('/v1/projects', { params: { query: { limit: 100, cursor } } })),
    );
    if (booleanFlag(args, 'json')) ctx.out(json(projects));
    else
      ctx.out(
        table(
          ['NAME', 'DESCRIPTION', 'CREATED'],
          projects.map((p) => [p.name, p.description ?? '', shortTime(p.created_at)]),
        ),
      );
    return 0;
  },
};

export const projectCreateCommand: Command = {
  summary: 'create a project',
  usage: `Create a project (lower-case letters, digits and inner hyphens).

Usage:
  switchyard project create NAME [--description TEXT] [--json]

Examples:
  switchyard project create shop --description "the web shop"
`,
  options: { description: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['name'],
  async run(ctx, args) {
    const { api } = connect(ctx);
    const description = stringFlag(args, 'description');
    const project = await expectData(
      api.client.POST('/v1/projects', {
        body: { name: args.positionals[0]!, ...(description !== undefined && { description }) },
      }),
    );
    ctx.out(booleanFlag(args, 'json') ? json(project) : `created project "${project.name}"\n`);
    return 0;
  },
};

export const projectGetCommand: Command = {
  summary: 'show one project',
  usage: `Show one project.

Usage:
  switchyard project get NAME [--json]

Examples:
  switchyard project get shop
`,
  options: { json: { type: 'boolean' } },
  positionals: ['name'],
  async run(ctx, args) {
    const { api } = connect(ctx);
    const project = await expectData(
      api.client.GET('/v1/projects/{project}', {
        params: { path: { project: args.positionals[0]! } },
      }),
    );
    ctx.out(booleanFlag(args, 'json') ? json(project) : renderProject(project));
    return 0;
  },
};

function renderProject(p: Project): string {
  return fields([
    ['name', p.name],
    ['description', p.description ?? '-'],
    ['id', p.id],
    ['created', shortTime(p.created_at)],
    ['updated', shortTime(p.updated_at)],
  ]);
}
