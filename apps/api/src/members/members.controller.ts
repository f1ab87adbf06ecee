import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { actorOf, type Principal } from '../auth/principal';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import { DB } from '../infra/tokens';
import { serializeMember } from '../organizations/serializers';
import { MembersService } from './members.service';

@Controller()
export class MembersController {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly members: MembersService,
  ) {}

  @Endpoint(routes.listMembers)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listMembers>) {
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.membership.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { userId: { gt: cursor } } : {}) },
      orderBy: { userId: 'asc' },
      take: input.query.limit + 1,
      include: { user: true },
    });
    return toPage(rows, input.query.limit, (r) => r.userId, serializeMember);
  }

  @Endpoint(routes.addMember)
  async add(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.addMember>, @RequestId() requestId: string) {
    return serializeMember(await this.members.add(caller, actorOf(caller, requestId), input.body));
  }

  @Endpoint(routes.changeMemberRole)
  async changeRole(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.changeMemberRole>,
    @RequestId() requestId: string,
  ) {
    return serializeMember(await this.members.changeRole(caller, actorOf(caller, requestId), input.params.user_id, input.body.role));
  }

  @Endpoint(routes.removeMember)
  async remove(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.removeMember>, @RequestId() requestId: string) {
    await this.members.remove(caller, actorOf(caller, requestId), input.params.user_id);
  }
}
