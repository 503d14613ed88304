/**
 * npm run mock -- [--port N] [--strict] [--rate-limit N] [--max-body-bytes N] [--variant NAME]
 * Serves the simulator on 127.0.0.1 and prints `listening on http://127.0.0.1:<port>` as its first line.
 */
import { parseArgs } from 'node:util';
import { parseWholeNumber, SettingError } from '../src/settings';
import { credentialsFromEnv, defaultConfig, DEFAULT_SECRET_KEY } from './config';
import { createMockServer, listen } from './http-server';
import { makeSimulator, variants } from './variants';

const USAGE = `usage: npm run mock -- [--port N] [--strict] [--rate-limit N] [--max-body-bytes N] [--variant NAME]
  --port N            port on 127.0.0.1 (default 8787; 0 picks a free one)
  --strict            refuse what the docs do not explicitly allow (integer MsgReadTime, bad contenttype or random)
  --rate-limit N      calls per second on admin_set_msg_read (default 200); 0 turns every limit off
  --max-body-bytes N  largest body read (default 1048576); larger ones are answered with 60002
  --variant NAME      serve a deliberately broken simulator (self-tests): ${Object.keys(variants).join(', ')}
environment: IM_SDKAPPID, IM_SECRET_KEY, IM_ADMIN_IDENTIFIER (defaults are printed at start)`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        strict: { type: 'boolean', default: false },
        'rate-limit': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        variant: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  try {
    const port = parseWholeNumber('--port', values.port, 0, 65535);
    const rateLimit = values['rate-limit'] === undefined ? undefined : parseWholeNumber('--rate-limit', values['rate-limit'], 0, 1_000_000);
    const maxBodyBytes = values['max-body-bytes'] === undefined ? undefined : parseWholeNumber('--max-body-bytes', values['max-body-bytes'], 1, 64 * 1024 * 1024);
    if (values.variant !== undefined && !(values.variant in variants)) {
      throw new SettingError('--variant', `unknown variant ${JSON.stringify(values.variant)}; known: ${Object.keys(variants).join(', ')}`);
    }
    const config = defaultConfig({
      ...credentialsFromEnv(),
      strict: values.strict,
      ...(rateLimit === undefined ? {} : { rateLimit }),
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    });
    const server = createMockServer(makeSimulator(config, values.variant));
    const url = await listen(server, port);
    console.log(`listening on ${url}`);
    console.log(`sdkappid ${config.sdkAppId}`);
    console.log(`admin identifier ${config.adminIdentifier}`);
    console.log(config.secretKey === DEFAULT_SECRET_KEY ? `secret key ${config.secretKey} (built-in default)` : 'secret key from IM_SECRET_KEY');
    console.log(`rate limit ${config.rateLimit === 0 ? 'off' : `${config.rateLimit ?? 200}/s`}${config.strict ? ', strict' : ''}${values.variant ? `, variant ${values.variant}` : ''}`);
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(e instanceof SettingError ? e.message : `cannot start: ${(e as Error).message}`);
    process.exit(2);
  }
}

main();
