/**
 * Placeholders in case data: `{{name}}` inside a string is replaced by text; a string that is exactly `{{name:int}}`
 * becomes a JSON integer, so that cases can send MsgReadTime both as a string and as a number.
 */
export type Values = Record<string, string>;

const WHOLE_INT = /^\{\{([a-zA-Z0-9]+):int\}\}$/;
const ANY = /\{\{([a-zA-Z0-9]+)\}\}/g;

function text(s: string, values: Values): string {
  return s.replace(ANY, (m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`unknown placeholder ${m}`);
    return v;
  });
}

export function fill(value: unknown, values: Values): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_INT.exec(value);
    if (whole) {
      const v = values[whole[1]!];
      if (v === undefined || !/^-?[0-9]+$/.test(v)) throw new Error(`placeholder ${value} needs a whole number`);
      return Number(v);
    }
    return text(value, values);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  }
  return value;
}

/** The placeholder names a value mentions, so that only the accounts a case uses are imported. */
export function mentioned(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const m of JSON.stringify(value).matchAll(/\{\{([a-zA-Z0-9]+)(?::int)?\}\}/g)) names.add(m[1]!);
  return names;
}
