import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createDb } from '@switchyard/db';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { buildConsole, launchChromium } from './console/browser';
import { expectCliSuccess } from './support/cli-runner';
import { recordFigure } from './support/figures';
import { LoadGenerator } from './support/load-generator';
import { until } from './support/poll';
import { examplePath, writeVariant } from './support/service-files';
import { FAST_TIMINGS, REPO_ROOT, Stack } from './support/stack';

const SCREENSHOTS = path.join(REPO_ROOT, 'tmp', 'console-screenshots');
const SERVICE = 'service-demo';

/**
 * Issue 9's proofs in a real browser against the real api + worker + gateway (local cloud):
 * sign in; watch a rollout advance until the canary is primary; roll back from the UI and see
 * the traffic return; a viewer sees no actions and its forged request is refused; another
 * organization's service URL is "not found".
 */
describe('admin console in headless Chromium', () => {
  let database: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let load: LoadGenerator | undefined;
  const consoleDir = path.join(REPO_ROOT, 'tmp', `console-e2e-${process.pid}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-console-'));
  const operator = { email: 'operator@e2e.test', password: 'operator password 1' };
  const viewer = { email: 'viewer@e2e.test', password: 'viewer password 12' };

  /** An invited user accepts through the API: the same route the console's invite page calls. */
  async function invited(user: { email: string; password: string }, role: string): Promise<void> {
    const invite = await stack.expectOk<{ token: string }>('POST', '/v1/invites', {
      email: user.email,
      role,
    });
    const res = await fetch(`${stack.apiUrl}/v1/invites/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invite.token, password: user.password }),
    });
    if (res.status !== 201) throw new Error(`accept: ${res.status} ${await res.text()}`);
  }

  async function signIn(user: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    return page;
  }

  function deploy(version: string, steps: { percent: number; hold_s: number }[]) {
    const file = writeVariant(examplePath('1-hello-world'), {
      dir,
      file: `${version}.yaml`,
      versionName: version,
      steps,
      drainS: 1,
    });
    return stack.cli(['service', 'deploy', '-f', file, '--json']);
  }

  const weight = (page: Page, card: 'primary' | 'canary') =>
    page.getByTestId(`weight-${card}`).textContent({ timeout: 2000 });
  const cardTitle = (page: Page, card: 'primary' | 'canary') =>
    page.getByTestId(`version-${card}`).locator('h3').textContent({ timeout: 2000 });

  /** The chart caption's figure for one series (`canary v2`), averaged over the last seconds. */
  async function requestRate(page: Page, series: string): Promise<number | null> {
    const caption = await page
      .locator('figure', { hasText: 'Requests/s' })
      .locator('.chart-latest')
      .textContent({ timeout: 2000 })
      .catch(() => null);
    const match = caption ? new RegExp(`${series}: ([0-9.]+) req/s`).exec(caption) : null;
    return match ? Number(match[1]) : null;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildConsole(consoleDir);
    database = await createTestDatabase();
    stack = await Stack.start({
      databaseUrl: database.url,
      env: { ...FAST_TIMINGS, CONSOLE_DIR: consoleDir },
    });
    await invited(operator, 'ADMIN');
    await invited(viewer, 'VIEWER');
    // Another tenant, straight in the database: the console user is not a member of it.
    const db = createDb(database.url, { poolSize: 1 });
    const other = await db.organization.create({ data: { name: 'Other', slug: 'other-org' } });
    await db.project.create({ data: { orgId: other.id, name: 'default' } });
    await db.$disconnect();
    browser = await launchChromium();
    const first = JSON.parse(
      expectCliSuccess(await deploy('v1', [{ percent: 100, hold_s: 1 }]), 'deploy v1').stdout,
    );
    expectCliSuccess(
      await stack.cli(['service', 'wait', '-n', SERVICE, '--timeout-s', '90']),
      'wait v1',
    );
    load = new LoadGenerator({
      url: stack.serviceUrl(SERVICE),
      token: first.query_token,
      concurrency: 2,
      pauseMs: 40,
    }).start();
  }, 180_000);

  afterAll(async () => {
    await load?.stop();
    await browser?.close();
    await stack?.close();
    await database?.drop();
    rmSync(consoleDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a wrong password is refused on the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.apiUrl}/`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
    await page.context().close();
  });

  it('signs in, deploys through the API and watches the rollout advance until the canary is primary', async () => {
    const page = await signIn(operator);
    await page.getByRole('link', { name: 'default' }).click();
    await page.getByRole('link', { name: SERVICE }).click();
    await page.getByRole('heading', { name: 'Live traffic' }).waitFor();
    expect(await cardTitle(page, 'primary')).toContain('v1');

    expectCliSuccess(
      await deploy('v2', [
        { percent: 30, hold_s: 5 },
        { percent: 60, hold_s: 5 },
        { percent: 100, hold_s: 1 },
      ]),
      'deploy v2',
    );
    const seen = new Set<string>();
    await until(
      'the canary at a partial weight in the UI',
      async () => {
        const text = (await weight(page, 'canary').catch(() => null)) ?? '';
        const now = /^(\d+)% now/.exec(text)?.[1];
        if (now && Number(now) > 0 && Number(now) < 100) seen.add(now);
        return seen.size > 0 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    // The chart shows the canary's own traffic once the gateways have reported it.
    await until(
      'canary v2 traffic on the chart',
      async () => ((await requestRate(page, 'canary v2')) ?? 0) > 0 || undefined,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'service-mid-rollout-laptop.png'),
      fullPage: true,
    });
    // The services list mid-rollout: both versions with weights, and who deployed.
    const list = await page.context().newPage();
    await list.goto(`${stack.apiUrl}/#/o/e2e/projects/default`);
    const row = list.getByRole('row', { name: new RegExp(SERVICE) });
    await row.getByText('owner@e2e.test').waitFor();
    expect(await row.textContent()).toMatch(
      /rolling out.*v1 · \d+%.*v2 · \d+%.*service-demo--default/i,
    );
    await list.screenshot({ path: path.join(SCREENSHOTS, 'services-list-mid-rollout.png') });
    await list.close();
    // The same session at a phone's width.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(page.url());
    await phone.locator('figure', { hasText: 'Requests/s' }).waitFor();
    await phone.screenshot({
      path: path.join(SCREENSHOTS, 'service-mid-rollout-phone.png'),
      fullPage: true,
    });
    await phone.close();

    await until(
      'v2 primary at 100 % and no canary, in the UI',
      async () => {
        const text = (await weight(page, 'canary').catch(() => null)) ?? '';
        const m = /^(\d+)% now/.exec(text);
        if (m) seen.add(m[1]!);
        const title = await cardTitle(page, 'primary').catch(() => '');
        const primaryWeight = await weight(page, 'primary').catch(() => '');
        const canaryCard = await page.getByTestId('version-canary').textContent();
        return title?.includes('v2') &&
          primaryWeight?.startsWith('100% now') &&
          canaryCard?.includes('None')
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    // The UI showed intermediate weights on the way, not just the end state.
    expect(seen.size).toBeGreaterThanOrEqual(1);
    await page
      .getByRole('list', { name: 'Rollout timeline' })
      .getByText('SUCCEEDED')
      .first()
      .waitFor();
    await page.context().close();
  }, 240_000);

  it('rolls back from the UI and the traffic returns to the primary', async () => {
    expectCliSuccess(
      await deploy('v3', [
        { percent: 50, hold_s: 300 },
        { percent: 100, hold_s: 1 },
      ]),
      'deploy v3',
    );
    const page = await signIn(operator);
    await page.goto(`${stack.apiUrl}/#/o/e2e/projects/default/services/${SERVICE}`);
    await until(
      'v3 at 50 % in the UI',
      async () =>
        (await weight(page, 'canary').catch(() => ''))?.startsWith('50% now') ? true : undefined,
      {
        timeoutMs: 90_000,
        intervalMs: 200,
      },
    );
    await until('traffic reaching v3', () => (load!.versionsSeen.has('v3') ? true : undefined), {
      timeoutMs: 30_000,
    });
    await until(
      'canary v3 traffic on the chart',
      async () => ((await requestRate(page, 'canary v3')) ?? 0) > 0 || undefined,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'service-canary-50-before-rollback.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Roll service-demo back/ }).waitFor();
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const rolledBackAt = Date.now();

    await until(
      'v2 alone at 100 % in the UI',
      async () => {
        const canaryCard = await page.getByTestId('version-canary').textContent();
        const primaryWeight = await weight(page, 'primary').catch(() => '');
        return canaryCard?.includes('None') && primaryWeight?.startsWith('100% now')
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    // Traffic returned: every answer since the rollback settled comes from v2.
    const settled = Date.now();
    await until(
      'answers after the rollback settled',
      () =>
        load!.total > 0 && [...load!.perSecond.keys()].some((s) => s * 1000 > settled + 1000)
          ? true
          : undefined,
      {
        timeoutMs: 20_000,
      },
    );
    const after = [...load!.perSecond.entries()].filter(
      ([second]) => second * 1000 > settled + 1000,
    );
    const versionsAfter = new Set(after.flatMap(([, counts]) => [...counts.keys()]));
    expect([...versionsAfter]).toEqual(['v2']);
    recordFigure('console_rollback_click_to_primary_only_in_ui', settled - rolledBackAt, 'ms');
    await page
      .getByRole('list', { name: 'Rollout timeline' })
      .getByText('ROLLED_BACK')
      .first()
      .waitFor();
    // And the chart shows it: v2 carries the traffic, v3's recent rate has fallen to zero.
    await until(
      'the chart showing traffic back on v2 alone',
      async () => {
        const primary = (await requestRate(page, 'primary v2')) ?? 0;
        const retired = (await requestRate(page, 'retired v3')) ?? 0;
        return primary > 0 && retired === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'service-after-rollback.png'),
      fullPage: true,
    });
    await page.context().close();
  }, 240_000);

  it('a viewer sees no action buttons, and a forged request from its session is refused 403', async () => {
    const page = await signIn(viewer);
    await page.goto(`${stack.apiUrl}/#/o/e2e/projects/default/services/${SERVICE}`);
    await page.getByRole('heading', { name: 'Live traffic' }).waitFor();
    for (const name of ['Roll back', 'Set canary percent', 'Complete to 100%', 'Terminate']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    // The viewer's own session with its own CSRF token: only the role stops it.
    const forged = await page.evaluate(async (service) => {
      const session = (await (await fetch('/v1/session')).json()) as { csrf_token: string };
      const res = await fetch(`/v1/projects/default/services/${service}/terminate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    }, SERVICE);
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('forbidden');
    expect((await stack.service(SERVICE)).state).toBe('RUNNING');
    await page.context().close();
  }, 60_000);

  it('an invite link opens in the browser: the newcomer sets a password and is signed in', async () => {
    const invite = await stack.expectOk<{ accept_url: string }>('POST', '/v1/invites', {
      email: 'newcomer@e2e.test',
      role: 'MEMBER',
    });
    expect(invite.accept_url).toMatch(new RegExp(`^${stack.apiUrl}/#/invite/syi_`));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(invite.accept_url);
    await page.getByRole('heading', { name: 'Join E2E' }).waitFor();
    await page.getByLabel(/Choose a password/).fill('newcomer password 1');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    expect(await page.locator('.topbar .user').textContent()).toContain(
      'newcomer@e2e.test · MEMBER',
    );
    // The link worked once.
    await page.goto(invite.accept_url);
    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
    await context.close();
  }, 60_000);

  it('an owner sets quotas on the billing page; an admin sees them but no form', async () => {
    const owner = { email: 'owner2@e2e.test', password: 'owner password 123' };
    await invited(owner, 'OWNER');
    const page = await signIn(owner);
    await page.goto(`${stack.apiUrl}/#/o/e2e/billing`);
    const form = page.getByRole('form', { name: 'Set quotas' });
    await form.getByLabel(/Max GPUs/).fill('8');
    await form.getByLabel(/Monthly budget/).fill('250.50');
    await form.getByLabel('Budget enforcement').selectOption('HARD');
    await form.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByRole('status').filter({ hasText: 'Quotas saved.' }).waitFor();
    await page.getByText('250.50 USD (hard)').waitFor();
    expect(await stack.expectOk('GET', '/v1/organization/quotas')).toEqual(
      expect.objectContaining({
        max_gpus: 8,
        max_instances: null,
        monthly_budget_micros: 250_500_000,
        budget_enforcement: 'HARD',
      }),
    );
    // A wrong amount is refused in the page, and nothing changes.
    await form.getByLabel(/Monthly budget/).fill('12,5');
    await form.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByRole('alert').filter({ hasText: 'amount in USD' }).waitFor();
    expect(await stack.expectOk('GET', '/v1/organization/quotas')).toEqual(
      expect.objectContaining({ monthly_budget_micros: 250_500_000 }),
    );
    await page.context().close();

    const admin = await signIn(operator);
    await admin.goto(`${stack.apiUrl}/#/o/e2e/billing`);
    await admin.getByText('250.50 USD (hard)').waitFor();
    expect(await admin.getByRole('form', { name: 'Set quotas' }).count()).toBe(0);
    await admin.context().close();
  }, 60_000);

  it('an admin creates a compute config and its next version; a field error names the field', async () => {
    const page = await signIn(operator);
    await page.goto(`${stack.apiUrl}/#/o/e2e/compute-configs`);
    await page.getByRole('button', { name: 'New compute config' }).click();
    const form = page.getByRole('form', { name: 'Create a compute config' });
    await form.getByLabel('Name', { exact: true }).fill('gpu');
    await form.getByLabel('Cloud').selectOption('local');
    await form.getByLabel('Head node instance type').fill('m5.xlarge');
    await form.getByRole('button', { name: 'Add a worker group' }).click();
    const group = form.getByRole('group', { name: 'Worker group 1' });
    await group.getByLabel('Group name').fill('a10g');
    await group.getByLabel('Instance type').fill('g5.xlarge');
    await group.getByLabel(/GPU type/).fill('A10G');
    await group.getByLabel('GPUs per node').fill('1');
    await group.getByLabel('Max nodes').fill('4');
    // min above max: the API's field error is shown and nothing is written.
    await group.getByLabel('Min nodes').fill('5');
    await form.getByRole('button', { name: 'Create compute config' }).click();
    await form.getByRole('alert').filter({ hasText: 'worker_groups[0].min_nodes' }).waitFor();
    await group.getByLabel('Min nodes').fill('1');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'compute-config-form.png'),
      fullPage: true,
    });
    await form.getByRole('button', { name: 'Create compute config' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved gpu version 1.' }).waitFor();

    await page.getByRole('button', { name: 'New version of gpu' }).click();
    const next = page.getByRole('form', { name: 'New version of gpu' });
    await next.getByRole('group', { name: 'Worker group 1' }).getByLabel('Max nodes').fill('8');
    await next.getByRole('button', { name: 'Save new version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved gpu version 2.' }).waitFor();
    const versions = await stack.expectOk<{
      data: { version: number; worker_groups: unknown[] }[];
    }>('GET', '/v1/compute-configs/gpu/versions');
    expect(versions.data.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.data.map((v) => v.worker_groups)).toEqual([
      [
        {
          name: 'a10g',
          instance_type: 'g5.xlarge',
          gpu_type: 'A10G',
          gpu_count: 1,
          min_nodes: 1,
          max_nodes: 8,
        },
      ],
      [
        {
          name: 'a10g',
          instance_type: 'g5.xlarge',
          gpu_type: 'A10G',
          gpu_count: 1,
          min_nodes: 1,
          max_nodes: 4,
        },
      ],
    ]);
    await page.context().close();

    // A viewer reads the list without the buttons.
    const reader = await signIn(viewer);
    await reader.goto(`${stack.apiUrl}/#/o/e2e/compute-configs`);
    await reader.getByRole('cell', { name: 'g5.xlarge', exact: false }).first().waitFor();
    expect(await reader.getByRole('button', { name: /compute config|New version/ }).count()).toBe(
      0,
    );
    await reader.context().close();
  }, 60_000);

  it('another organization’s service URL shows "not found"', async () => {
    const page = await signIn(viewer);
    await page.goto(`${stack.apiUrl}/#/o/other-org/projects/default/services/${SERVICE}`);
    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
    await page.goto(`${stack.apiUrl}/#/o/e2e/projects/default/services/no-such-service`);
    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
    await page.context().close();
  }, 60_000);
});
