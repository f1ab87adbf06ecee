import { Controller } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { Caller, Endpoint, Input } from '../http/endpoint';
import { ServiceTrafficService } from './service-traffic.service';

@Controller()
export class ServiceTrafficController {
  constructor(private readonly traffic: ServiceTrafficService) {}

  @Endpoint(routes.getServiceTraffic)
  async get(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getServiceTraffic>,
  ) {
    return this.traffic.read(
      caller.orgId,
      input.params.project,
      input.params.service,
      input.query.window_s,
    );
  }
}
