/** Replica log files: bounded by rotation while the replica writes, readable with tail. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventually } from '@switchyard/testing';
import { ProviderError } from '../port';
import { readReplicaLogs, replicaLogPath, rotateIfLarge, tailLines } from './replica-logs';
import { createLocalRig, fixtureCommand, type LocalRig } from './testing/rig';
import { localSpec, statusWhen } from './testing/spec-helpers';

jest.setTimeout(30_000);

describe('replica logs', () => {
  let rig: LocalRig;
  beforeEach(() => {
    rig = createLocalRig({ timings: { logMaxBytes: 8 * 1024, logCheckMs: 50 } });
  });
  afterEach(async () => rig.cleanup());

  it('rotate at the size limit (one previous file kept) while the replica writes, and read back with tail', async () => {
    const spec = localSpec({
      command: fixtureCommand({ FIXTURE_LOG_LINES: 50, FIXTURE_LOG_EVERY_MS: 5 }),
    });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    const [replica] = await rig.store.replicas(handle.providerClusterId);
    const file = replicaLogPath(
      rig.stateDir,
      spec.labels.serviceId,
      spec.labels.versionId,
      replica!.replicaId,
    );
    // ~14 KB/s of output against an 8 KB limit: rotated at least twice within ~1.5 s.
    let rotations = 0;
    let previousHead = '';
    await eventually(
      async () => {
        const head = fs.existsSync(`${file}.1`)
          ? fs.readFileSync(`${file}.1`, 'utf8').slice(0, 80)
          : '';
        if (head !== previousHead) {
          rotations++;
          previousHead = head;
        }
        return rotations >= 2 ? true : undefined;
      },
      10_000,
      20,
    );
    for (const f of [file, `${file}.1`])
      expect(fs.statSync(f).size).toBeLessThan(8 * 1024 + 4 * 1024);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([
      `${replica!.replicaId}.log`,
      `${replica!.replicaId}.log.1`,
    ]);

    const [logs] = await readReplicaLogs({
      stateDir: rig.stateDir,
      versionId: spec.labels.versionId,
      replicaId: replica!.replicaId,
      tail: 5,
    });
    expect(logs!.replicaId).toBe(replica!.replicaId);
    expect(logs!.lines).toHaveLength(5);
    expect(logs!.lines.every((l) => /^tick \d+ y+$/.test(l))).toBe(true);
    // Newest last. (A line written between rotation's copy and truncate may be missing: documented.)
    const numbers = logs!.lines.map((l) => Number(l.split(' ')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(5);

    // Every replica of the version, scoped by service; more lines than the current file holds come from .log.1.
    const all = await readReplicaLogs({
      stateDir: rig.stateDir,
      serviceId: spec.labels.serviceId,
      versionId: spec.labels.versionId,
      tail: 150,
    });
    expect(all.map((l) => l.replicaId)).toEqual([replica!.replicaId]);
    expect(all[0]!.lines.length).toBeGreaterThan(100);
  });

  it('tail and rotation on plain files', async () => {
    const file = path.join(rig.stateDir, 'plain.log');
    fs.writeFileSync(file, Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n') + '\n');
    expect(await tailLines(file, 3)).toEqual(['l7', 'l8', 'l9']);
    expect(await tailLines(file, 50)).toHaveLength(10);
    expect(await tailLines(`${file}.missing`, 3)).toEqual([]);
    expect(await rotateIfLarge(file, 1_000)).toBe(false);
    expect(await rotateIfLarge(file, 10)).toBe(true);
    expect(fs.statSync(file).size).toBe(0);
    expect(await tailLines(`${file}.1`, 1)).toEqual(['l9']);
  });

  it('bad input is invalid_request, unknown versions and replicas are not_found', async () => {
    const kind = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof ProviderError ? e.kind : String(e)),
      );
    const stateDir = rig.stateDir;
    expect(await kind(readReplicaLogs({ stateDir, versionId: 'nope', tail: 10 }))).toBe(
      'not_found',
    );
    expect(await kind(readReplicaLogs({ stateDir, versionId: '../etc', tail: 10 }))).toBe(
      'invalid_request',
    );
    expect(
      await kind(readReplicaLogs({ stateDir, versionId: 'v', replicaId: 'a/../../b', tail: 10 })),
    ).toBe('invalid_request');
    expect(await kind(readReplicaLogs({ stateDir, versionId: 'v', tail: 0 }))).toBe(
      'invalid_request',
    );
    fs.mkdirSync(path.join(stateDir, 'logs', 'svc', 'v'), { recursive: true });
    expect(await readReplicaLogs({ stateDir, versionId: 'v', tail: 10 })).toEqual([]);
    expect(
      await kind(
        readReplicaLogs({ stateDir, serviceId: 'svc', versionId: 'v', replicaId: 'r1', tail: 10 }),
      ),
    ).toBe('not_found');
  });
});
