import { BadRequestException } from '@nestjs/common';

/** A numeric knob of a scenario: its default and the range a switch may set. */
export interface NumberParamSpec {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly description: string;
}

/** A text knob of a scenario, checked against a pattern; `hint` says in words what fits. */
export interface StringParamSpec {
  readonly kind: 'string';
  readonly default: string;
  readonly pattern: RegExp;
  readonly hint: string;
  readonly description: string;
}

export type ParamSpec = NumberParamSpec | StringParamSpec;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValue = number | string;
export type ParamValues = Readonly<Record<string, ParamValue>>;

/** The values of `P`, typed: number params are numbers, string params strings. */
export type ParamValuesOf<P extends ParamSpecs> = {
  readonly [K in keyof P]: P[K] extends NumberParamSpec ? number : string;
};

export function numberParam(
  spec: Omit<NumberParamSpec, 'kind' | 'integer'> & { integer?: boolean },
): NumberParamSpec {
  return { kind: 'number', integer: false, ...spec };
}

export function stringParam(spec: Omit<StringParamSpec, 'kind'>): StringParamSpec {
  return { kind: 'string', ...spec };
}

/** Every param at its default. */
export function defaultsOf(specs: ParamSpecs): ParamValues {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.default]));
}

function requirement(spec: ParamSpec): string {
  if (spec.kind === 'string') return `be ${spec.hint}`;
  return `be ${spec.integer ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
}

/** A number param's value from env text: plain decimal notation only ("1e3", "0x10" are refused). */
function numberFromText(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function checkValue(
  scenario: string,
  name: string,
  spec: ParamSpec,
  given: unknown,
  fromText: boolean,
): ParamValue {
  const value =
    fromText && typeof given === 'string' && spec.kind === 'number' ? numberFromText(given) : given;
  const fits =
    spec.kind === 'string'
      ? typeof value === 'string' && spec.pattern.test(value)
      : typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= spec.min &&
        value <= spec.max &&
        (!spec.integer || Number.isInteger(value));
  if (!fits) {
    throw new BadRequestException(
      `Param ${name} of scenario ${scenario} must ${requirement(spec)}`,
    );
  }
  return value as ParamValue;
}

/**
 * The whole param set of one switch: every given param checked against its spec, every
 * other at its default. Env text is parsed here too (`fromText`), so a start-up value and a
 * PUT body are held to the same rules and refused with the same message.
 */
export function resolveParams(
  scenario: string,
  specs: ParamSpecs,
  given: Readonly<Record<string, unknown>>,
  fromText = false,
): ParamValues {
  const resolved: Record<string, ParamValue> = { ...defaultsOf(specs) };
  for (const [name, value] of Object.entries(given)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      const known = Object.keys(specs);
      throw new BadRequestException(
        `Scenario ${scenario} has no param ${name} ` +
          (known.length > 0 ? `(its params: ${known.join(', ')})` : '(it takes no params)'),
      );
    }
    resolved[name] = checkValue(scenario, name, spec, value, fromText);
  }
  return resolved;
}

/** `k=v, …` of a param set, in the order its scenario declares them: the log line's summary. */
export function describeParams(params: ParamValues): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** One scenario of a `SCENARIOS` value, its params still text. */
export interface ScenarioRequest {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Parses `name[:k=v[,k=v]][;name…]` (docs/SCENARIOS.md#at-start). Blank entries are skipped,
 * so a trailing `;` is fine; anything else malformed is refused with what was expected.
 */
export function parseScenarioList(text: string): ScenarioRequest[] {
  const requests: ScenarioRequest[] = [];
  for (const entry of text.split(';').map((part) => part.trim())) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const name = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    if (!NAME.test(name)) {
      throw new BadRequestException(`"${entry}" should be name[:param=value[,param=value]]`);
    }
    const params: Record<string, string> = {};
    const list = colon < 0 ? '' : entry.slice(colon + 1).trim();
    for (const pair of list === '' ? [] : list.split(',')) {
      const [key, value, ...rest] = pair.split('=').map((part) => part.trim());
      if (!key || value === undefined || rest.length > 0 || Object.hasOwn(params, key)) {
        throw new BadRequestException(`"${pair.trim()}" in "${entry}" should be one param=value`);
      }
      params[key] = value;
    }
    requests.push({ name, params });
  }
  return requests;
}
