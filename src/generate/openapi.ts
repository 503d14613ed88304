/**
 * The OpenAPI 3.1 description of the endpoint and its companion commands, assembled from schemas/ and
 * spec/commands/ so that tools which speak OpenAPI (Prism, client generators) see the same rules as the suite.
 */
import { posix } from 'node:path';
import { packageInfo } from '../core/package.js';
import { commands } from '../core/spec.js';
import { requestSchemaFile, responseSchemaFile, schemaText, type SchemaFile } from '../core/validators.js';

export const OPENAPI_FILE = 'openapi/im-rest.openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const QUERY_SCHEMA = 'common/query.schema.json';
const COMPONENT_SCHEMAS = '#/components/schemas/';

/**
 * The region hosts of docs/facts/envelope.md#region-hosts (primary hosts only; the backup hosts serve the same API). The wrong region
 * answers 60026, so the choice belongs to the caller.
 */
const SERVERS: { host: string; region: string }[] = [
  { host: 'console.tim.qq.com', region: 'China' },
  { host: 'adminapisgp.im.qcloud.com', region: 'Singapore' },
  { host: 'adminapikr.im.qcloud.com', region: 'Seoul' },
  { host: 'adminapijpn.im.qcloud.com', region: 'Tokyo' },
  { host: 'adminapiger.im.qcloud.com', region: 'Frankfurt' },
  { host: 'adminapiind.im.qcloud.com', region: 'India' },
  { host: 'adminapiusa.im.qcloud.com', region: 'Silicon Valley' },
  { host: 'adminapiidn.im.qcloud.com', region: 'Jakarta' },
];

const readSchema = (file: string) => schemaText(file as SchemaFile) as JsonObject;

/** The component name of a schema file: its title, which every top-level schema carries. */
export function componentName(file: string): string {
  const title = readSchema(file).title;
  if (typeof title !== 'string' || !/^[A-Za-z0-9._-]+$/.test(title)) throw new Error(`schemas/${file} needs a title usable as a component name`);
  return title;
}

/** The schema file (path under schemas/) that a relative $ref in `from` points at. */
function refTarget(from: string, ref: string): string {
  return posix.normalize(posix.join(posix.dirname(from), ref));
}

/**
 * A schema file as a component: $id and $schema go (the document's jsonSchemaDialect says 2020-12, and a kept $id would
 * re-base the component refs), a ref to another file becomes a component ref, a local ref is re-rooted under the
 * component so that $defs stay reachable. `seen` collects the files referenced.
 */
export function toComponent(file: string, seen: Set<string> = new Set()): JsonObject {
  const name = componentName(file);
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        if (v.startsWith('#')) out[k] = `${COMPONENT_SCHEMAS}${name}${v.slice(1)}`;
        else {
          const [path = '', fragment = ''] = v.split('#');
          const target = refTarget(file, path);
          seen.add(target);
          out[k] = `${COMPONENT_SCHEMAS}${componentName(target)}${fragment}`;
        }
      } else if (k === 'maxBytes' && typeof v === 'number') {
        // A keyword of this project's: generic tools get the character bound it implies, and the byte bound by name.
        out.maxLength = v;
        out['x-maxBytes'] = v;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  const { $id: _id, $schema: _schema, ...rest } = readSchema(file);
  return rewrite(rest) as JsonObject;
}

/** The common query as reusable parameters: each property with its schema, its description and its requiredness. */
function queryParameters(seen: Set<string>): Record<string, JsonObject> {
  const query = toComponent(QUERY_SCHEMA, seen);
  const props = query.properties as Record<string, JsonObject>;
  const required = new Set(query.required as string[]);
  const params: Record<string, JsonObject> = {};
  for (const [name, prop] of Object.entries(props)) {
    const { description, ...schema } = prop;
    params[name] = {
      name,
      in: 'query',
      required: required.has(name),
      ...(description === undefined ? {} : { description }),
      schema,
    };
  }
  return params;
}

/** Every schema file that `files` reference, directly or not, together with `files` themselves. */
function closure(files: string[]): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const todo = [...files];
  while (todo.length) {
    const file = todo.shift()!;
    if (out.has(file)) continue;
    const refs = new Set<string>();
    out.set(file, toComponent(file, refs));
    todo.push(...refs);
  }
  return out;
}

/** The OpenAPI document as JSON text: deterministic (fixed order, sorted components) and newline-terminated. */
export async function generateOpenApi(): Promise<string> {
  const queryRefs = new Set<string>();
  const params = queryParameters(queryRefs);
  const paramRefs = Object.keys(params).map((n) => ({ $ref: `#/components/parameters/${n}` }));
  const files = commands.flatMap((c) => [requestSchemaFile(c.command), responseSchemaFile(c.command)]);
  const components = closure([...files, ...queryRefs]);
  const byName = new Map<string, JsonObject>();
  for (const [file, schema] of components) {
    const name = componentName(file);
    if (byName.has(name)) throw new Error(`two schema files share the title ${name}`);
    byName.set(name, schema);
  }

  const paths: JsonObject = {};
  for (const c of commands) {
    paths[`/${c.path}`] = {
      post: {
        operationId: c.command,
        summary: c.path,
        'x-calls-per-second': c.callsPerSecond,
        parameters: paramRefs,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `${COMPONENT_SCHEMAS}${componentName(requestSchemaFile(c.command))}` } } },
        },
        responses: {
          '200': {
            description:
              'Always HTTP 200 unless a network error (such as 502) occurs: the outcome is in the body, ErrorCode 0 for success, any other code for failure.',
            content: { 'application/json': { schema: { $ref: `${COMPONENT_SCHEMAS}${componentName(responseSchemaFile(c.command))}` } } },
          },
        },
      },
    };
  }

  const doc = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Tencent Cloud IM server REST API: v4/openim/admin_set_msg_read and companions',
      version: packageInfo().version,
      description:
        'Generated from schemas/ and spec/commands/ by `npm run generate`. Do not edit: change the schemas and regenerate. HTTPS and POST only; an empty request still sends {}.',
    },
    servers: SERVERS.map((s) => ({ url: `https://${s.host}`, description: s.region })),
    paths,
    components: {
      parameters: params,
      schemas: Object.fromEntries([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
