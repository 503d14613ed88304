/** Serves the embedded mock on a free loopback port when no IM_BASE_URL is given, and closes it after the run. */
import type { FullConfig } from '@playwright/test';
import { credentialsFromEnv, defaultConfig } from '../../mocks/config';
import { createMockServer, listen } from '../../mocks/http-server';
import { makeSimulator } from '../../mocks/variants';
import { EMBEDDED_URL_VAR, resolveTarget } from '../../src/target';

export default async function globalSetup(_config: FullConfig) {
  const target = resolveTarget();
  if (target.kind !== 'embedded-mock') return undefined;
  const server = createMockServer(makeSimulator(defaultConfig(credentialsFromEnv()), target.variant));
  process.env[EMBEDDED_URL_VAR] = await listen(server, 0);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
