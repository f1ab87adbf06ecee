import type { Route } from '../lib/router';
import { AuditPage } from './audit-page';
import { BillingPage } from './billing-page';
import { CloudsPage } from './clouds-page';
import { ComputeConfigsPage } from './compute-configs-page';
import { MembersPage } from './members-page';
import { ProjectsPage } from './projects-page';
import { RolloutsPage } from './rollouts-page';
import { ServicePage } from './service-page';
import { ServicesPage } from './services-page';
import { TokensPage } from './tokens-page';

/** The page for a signed-in route; `key` remounts a page when its subject changes. */
export function OrgPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'projects':
      return <ProjectsPage />;
    case 'services':
      return <ServicesPage key={route.project} project={route.project} />;
    case 'service':
      return (
        <ServicePage
          key={`${route.project}/${route.service}`}
          project={route.project}
          service={route.service}
        />
      );
    case 'rollouts':
      return (
        <RolloutsPage
          key={`${route.project}/${route.service}`}
          project={route.project}
          service={route.service}
        />
      );
    case 'audit':
      return <AuditPage />;
    case 'members':
      return <MembersPage />;
    case 'tokens':
      return <TokensPage />;
    case 'clouds':
      return <CloudsPage />;
    case 'compute-configs':
      return <ComputeConfigsPage />;
    case 'billing':
      return <BillingPage />;
    case 'home':
    case 'sign-in':
    case 'invite':
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>There is no such page.</p>
        </section>
      );
  }
}
