import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { waitFor } from '../support/pipeline-env.ts';
import { agentFiles, spawnAgent, type AgentProcess } from './support/agent-process.ts';
import { createMonitorRole, enablePgStatStatements, type MonitorRole } from './support/monitored.ts';

// The agent and the real API: it registers with the bootstrap token, pulls its configuration, applies a new
// version without restarting (the API then shows the version it runs), and starts on its last known good
// configuration when the API cannot be reached.

const BOOTSTRAP = 'agent-test-bootstrap-token-0123456789';

describe('the agent takes its configuration from the API', { timeout: 240_000 }, () => {
  let api: ApiEnv;
  let role: MonitorRole;
  let agent: AgentProcess | undefined;
  let files: ReturnType<typeof agentFiles>;

  before(async () => {
    api = await createApiEnv({ env: { PGA_API_BOOTSTRAP_TOKEN: BOOTSTRAP } });
    await enablePgStatStatements(api.db.url);
    role = await createMonitorRole(api.db.url);
    files = agentFiles((dir) => ({
      api: { url: api.baseUrl, bootstrap_token_env: 'PGA_TEST_BOOTSTRAP' },
      collector: { name: 'api-test-agent', state_dir: dir },
    }));
  });

  after(async () => {
    if (process.env.PGA_TEST_SHOW_AGENT) console.error(agent?.output());
    await agent?.kill('SIGKILL');
    await role?.drop();
    await api?.close();
    files?.cleanup();
  });

  const collector = async () =>
    (
      await api.pool.query<{ id: string; applied_config_version: number | null; last_seen: Date | null }>(
        "SELECT collector_id::text AS id, applied_config_version, last_seen FROM collectors WHERE name = 'api-test-agent'",
      )
    ).rows[0];

  it('registers, runs version 1, then applies version 2 without a restart', async () => {
    const stack = new URL(api.db.url);
    agent = spawnAgent(['--config', files.configFile], {
      PGA_TEST_BOOTSTRAP: BOOTSTRAP,
      PGA_AGENT_LOG_LEVEL: 'info',
    });
    await waitFor('the registration', async () => (await collector()) !== undefined, 30_000);
    const c = (await collector())!;
    const saved = JSON.parse(fs.readFileSync(path.join(files.dir, 'collector.json'), 'utf8')) as {
      collector_id: string;
    };
    assert.equal(saved.collector_id, c.id);
    assert.equal((fs.statSync(path.join(files.dir, 'collector.json')).mode & 0o777).toString(8), '600');
    assert.ok(!agent.output().includes(BOOTSTRAP), 'the bootstrap token is never logged');
    await waitFor('version 1 applied', async () => (await collector())?.applied_config_version === 1, 60_000);

    const current = await api.request('GET', `/api/v1/config/${c.id}`, { token: api.tokens.operator });
    assert.equal(current.status, 200);
    const config = current.body.config ?? current.body;
    const next = {
      ...config,
      instances: [
        {
          name: 'stack',
          server_id: 'api-test-server',
          connection: {
            host: stack.hostname,
            port: Number(stack.port),
            dbname: api.db.name,
            user: role.name,
          },
          include_databases: [api.db.name],
        },
      ],
      spool: { ...(config.spool ?? {}), path: path.join(files.dir, 'spool') },
      agent: { ...(config.agent ?? {}), config_poll_s: 10, heartbeat_s: 10 },
    };
    const put = await api.request('PUT', `/api/v1/config/${c.id}`, {
      token: api.tokens.operator,
      body: { config: next, comment: 'point at the stack' },
    });
    assert.ok([200, 201].includes(put.status), JSON.stringify(put.body));
    // the agent pulls at its poll interval (60 s in version 1) or when a heartbeat shows a new etag
    await waitFor(
      'version 2 applied',
      async () => (await collector())?.applied_config_version === 2,
      150_000,
    );
    assert.match(agent.output(), /"msg":"configuration applied"[^\n]*"version":2/);
    assert.ok(agent.child.exitCode === null, 'applied without a restart');
    assert.equal(await agent.kill('SIGTERM'), 0);
  });

  it('starts on its last known good configuration when the API is unreachable', async () => {
    fs.writeFileSync(
      files.configFile,
      JSON.stringify({
        api: { url: 'http://127.0.0.1:1' },
        collector: { name: 'api-test-agent', state_dir: files.dir },
      }),
    );
    agent = spawnAgent(['--config', files.configFile], { PGA_AGENT_LOG_LEVEL: 'info' });
    await waitFor(
      'the last known good configuration applied',
      async () =>
        /"msg":"configuration applied"[^\n]*"source":"last known good"[^\n]*"version":2/.test(
          agent!.output(),
        ),
      30_000,
    );
    assert.equal(await agent.kill('SIGTERM'), 0);
  });
});
