import { useEffect, useState } from 'react';
import { actInOrganization, api, ApiError, unwrap, setCsrfToken, type Schemas } from './api/client';
import { ErrorBox, Loading } from './components/status';
import { Shell } from './components/shell';
import { href, navigate, useRoute, type Route } from './lib/router';
import { SessionContext } from './session';
import { InvitePage } from './pages/invite-page';
import { SignInPage } from './pages/sign-in-page';
import { OrgPage } from './pages/org-page';

type Loaded =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'error'; error: ApiError }
  | { state: 'ok'; session: Schemas['Session'] };

function orgOf(route: Route): string | null {
  return 'org' in route ? route.org : null;
}

/** Loads the session for the organization in the URL; signed-out users go to the sign-in page. */
export function App() {
  const route = useRoute();
  const org = orgOf(route);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const publicPage = route.page === 'sign-in' || route.page === 'invite';

  useEffect(() => {
    if (publicPage) return;
    let cancelled = false;
    actInOrganization(org);
    // Keep the page while re-reading the same organization's session; another one starts blank,
    // so no button of the previous organization's role is ever shown.
    setLoaded((prev) =>
      prev.state === 'ok' && prev.session.organization.slug === org ? prev : { state: 'loading' },
    );
    unwrap(api.GET('/v1/session'))
      .then((session) => {
        if (cancelled) return;
        setCsrfToken(session.csrf_token);
        setLoaded({ state: 'ok', session });
        if (!org) navigate(href('o', session.organization.slug, 'projects'));
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setLoaded({ state: 'signed-out' });
        else
          setLoaded({
            state: 'error',
            error: error instanceof ApiError ? error : new ApiError(0, String(error)),
          });
      });
    return () => {
      cancelled = true;
    };
  }, [org, publicPage]);

  useEffect(() => {
    if (loaded.state === 'signed-out' && !publicPage) navigate(href('sign-in'));
  }, [loaded.state, publicPage]);

  if (route.page === 'sign-in') {
    const signedIn = (s: Schemas['Session']) => {
      // Known signed in before the URL changes, so the signed-out redirect cannot send us back.
      setLoaded({ state: 'ok', session: s });
      navigate(href('o', s.organization.slug, 'projects'));
    };
    return <SignInPage onSignedIn={signedIn} />;
  }
  if (route.page === 'invite') return <InvitePage token={route.token} />;
  if (loaded.state === 'loading' || loaded.state === 'signed-out')
    return <Loading what="your session" />;
  if (loaded.state === 'error') {
    return (
      <main className="centered">
        <ErrorBox error={loaded.error} what={org ? `organization "${org}"` : 'session'} />
        <p>
          <a href={href('')}>Back to your organization</a>
        </p>
      </main>
    );
  }
  const session = loaded.session;
  const signOut = async () => {
    await unwrap(api.DELETE('/v1/session'));
    setCsrfToken(null);
    setLoaded({ state: 'signed-out' });
  };
  return (
    <SessionContext.Provider
      value={{ session, org: session.organization.slug, role: session.role, signOut }}
    >
      <Shell route={route}>
        <OrgPage route={route} />
      </Shell>
    </SessionContext.Provider>
  );
}
