/** Public entry of the mock: the core, its two adapters and its configuration. */
export { Simulator, type SimRequest, type SimResponse } from './simulator';
export { createHandlers } from './handlers';
export { createMockServer, listen } from './http-server';
export { defaultConfig, type MockConfig } from './config';
