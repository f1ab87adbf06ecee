import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { actorOf, type Principal } from '../auth/principal';
import type { ApiConfig } from '../config';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import type { Clock } from '../infra/clock';
import { CLOCK, CONFIG, DB } from '../infra/tokens';
import { InvitesService, serializeInvite } from './invites.service';
import { answerWithSession } from './sessions.controller';
import { SessionsService } from './sessions.service';

/**
 * The console origin for invite links: CONSOLE_PUBLIC_URL, else the origin the admin's own
 * request reached (the link is shown to that admin, who copies it to the invitee).
 */
function consoleOrigin(req: Request, config: ApiConfig): string {
  if (config.CONSOLE_PUBLIC_URL) return config.CONSOLE_PUBLIC_URL.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

@Controller()
export class InvitesController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly invites: InvitesService,
    private readonly sessions: SessionsService,
  ) {}

  @Endpoint(routes.listInvites)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listInvites>) {
    return this.invites.list(caller.orgId, input.query);
  }

  @Endpoint(routes.createInvite)
  async create(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.createInvite>,
    @RequestId() requestId: string,
    @Req() req: Request,
  ) {
    const { invite, token } = await this.invites.create(
      caller,
      actorOf(caller, requestId),
      input.body,
    );
    // The token rides in the URL fragment: browsers never send it to a server, so no log holds it.
    const acceptUrl = `${consoleOrigin(req, this.config)}/#/invite/${token}`;
    return { ...serializeInvite(invite, this.clock.now()), token, accept_url: acceptUrl };
  }

  @Endpoint(routes.revokeInvite)
  async revoke(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.revokeInvite>,
    @RequestId() requestId: string,
  ) {
    await this.invites.revoke(caller, actorOf(caller, requestId), input.params.invite_id);
  }

  @Endpoint(routes.previewInvite)
  async preview(@Input() input: RouteInput<typeof routes.previewInvite>) {
    return this.invites.preview(input.body.token);
  }

  @Endpoint(routes.acceptInvite)
  async accept(
    @Input() input: RouteInput<typeof routes.acceptInvite>,
    @RequestId() requestId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const started = await this.invites.accept(
      input.body.token,
      input.body.password,
      input.body.name,
      requestId,
    );
    return answerWithSession(this.db, this.config, req, res, started, this.sessions.ttlSeconds);
  }
}
