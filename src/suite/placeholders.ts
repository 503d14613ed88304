/**
 * Placeholders in case data. `{{name}}` inside a string (or an object key) is replaced by text; a string that is
 * exactly `{{name:int}}` becomes a JSON integer, and one that is exactly `{{name}}` of a value drawn by `generate`
 * becomes that JSON value. Drawn values are filled in when a case is expanded, the run's values (accounts, times) when
 * it runs; a placeholder that neither knows stays for the other.
 */
export type Values = Record<string, unknown>;

const WHOLE = /^\{\{([a-zA-Z0-9]+)(:int)?\}\}$/;
const ANY = /\{\{([a-zA-Z0-9]+)\}\}/g;

/** Thrown when a case names a value the run does not have (a case that cannot apply to this target). */
export class MissingValue extends Error {}

function text(s: string, values: Values, strict: boolean): string {
  return s.replace(ANY, (m, name: string) => {
    if (!(name in values)) {
      if (strict) throw new MissingValue(`unknown placeholder ${m}`);
      return m;
    }
    const v = values[name];
    if (v === undefined) throw new MissingValue(`the run has no value for ${m}`);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Fills placeholders; with `strict`, every placeholder must be known. */
export function fill(value: unknown, values: Values, strict = true): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && whole[1]! in values) {
      const v = values[whole[1]!];
      if (v === undefined) throw new MissingValue(`the run has no value for ${value}`);
      if (!whole[2]) return v;
      if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) throw new Error(`placeholder ${value} needs a whole number`);
      return Number(v);
    }
    return text(value, values, strict);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values, strict));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k, values, strict), fill(v, values, strict)]));
  }
  return value;
}

/** The placeholder names a value mentions. */
export function mentioned(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const m of JSON.stringify(value).matchAll(/\{\{([a-zA-Z0-9]+)(?::int)?\}\}/g)) names.add(m[1]!);
  return names;
}
