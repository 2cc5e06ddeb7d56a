/**
 * Request schemas from the class-validator rules that refuse input (for openapi.ts): what each
 * decorator says about a property (type, lengths, pattern, enum, format, bounds, array limits),
 * whether it may be left out, whether null is taken (@IsOptional lets it through, @Optional
 * does not), and `additionalProperties: false` (forbidNonWhitelisted).
 */
import { getMetadataStorage } from 'class-validator';
import { OPTIONAL_NOT_NULL } from '../validation/optional.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

export interface PropertyRules {
  schema: Schema;
  optional: boolean;
  nullable: boolean;
}

/** What the validation rules of `cls` say about each of its properties. */
export function rulesOf(cls: Function): Map<string, PropertyRules> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const out = new Map<string, PropertyRules>();
  const byProperty = new Map<string, typeof metas>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  for (const [property, list] of byProperty) {
    const schema: Schema = {};
    const items: Schema = {};
    let optional = false;
    let nullable = false;
    for (const m of list) {
      if (m.type === 'conditionalValidation') {
        // Probe the condition: does an absent value, or null, skip validation?
        const when = m.constraints?.[0] as ((o: object, v: unknown) => boolean) | undefined;
        if (typeof when !== 'function') continue;
        if (!when({}, undefined)) optional = true;
        if (!when({ [property]: null }, null) && Reflect.getMetadata(OPTIONAL_NOT_NULL, cls.prototype, property) !== true) nullable = true;
        continue;
      }
      if (m.type !== 'customValidation') continue;
      const target = m.each ? items : schema;
      const c = m.constraints ?? [];
      switch (m.name) {
        case 'isString':
          target.type = 'string';
          break;
        case 'maxLength':
          target.maxLength = c[0];
          break;
        case 'minLength':
          target.minLength = c[0];
          break;
        case 'isLength':
          target.minLength = c[0];
          if (c[1] !== undefined) target.maxLength = c[1];
          break;
        case 'matches': {
          const re = c[0] instanceof RegExp ? c[0] : new RegExp(String(c[0]), typeof c[1] === 'string' ? c[1] : undefined);
          const flags = re.flags.replace(/[gyu]/g, '');
          if (flags.replace('i', '') !== '') throw new Error(`${cls.name}.${property}: a pattern with flags ${re.flags} cannot be written in OpenAPI`);
          target.type ??= 'string';
          // OpenAPI patterns have no flags: a case-insensitive one is written with both cases.
          target.pattern = flags.includes('i') ? withBothCases(re.source) : re.source;
          break;
        }
        case 'isIn':
          target.enum = [...(c[0] as unknown[])];
          if (target.enum.every((v: unknown) => typeof v === 'string')) target.type ??= 'string';
          break;
        case 'isUuid':
          target.type = 'string';
          target.format = 'uuid';
          break;
        case 'isEmail':
          target.type = 'string';
          target.format = 'email';
          break;
        case 'isIsoInstant':
          target.type = 'string';
          target.format = 'date-time';
          break;
        case 'isWebhookUrl':
          target.type = 'string';
          target.format = 'uri';
          break;
        case 'isInt':
          target.type = 'integer';
          break;
        case 'isNumber':
          target.type = 'number';
          break;
        case 'min':
          target.minimum = c[0];
          break;
        case 'max':
          target.maximum = c[0];
          break;
        case 'isBoolean':
          target.type = 'boolean';
          break;
        case 'isArray':
          schema.type = 'array';
          break;
        case 'arrayMaxSize':
          schema.maxItems = c[0];
          break;
        case 'arrayMinSize':
          schema.minItems = c[0];
          break;
        case 'arrayNotEmpty':
          schema.minItems = Math.max(1, schema.minItems ?? 0);
          break;
        case 'arrayUnique':
          schema.uniqueItems = true;
          break;
        case 'isObject':
          schema.type ??= 'object';
          break;
        default:
          break;
      }
    }
    if (Object.keys(items).length > 0) {
      schema.type = 'array';
      schema.items = items;
    }
    out.set(property, { schema, optional, nullable });
  }
  return out;
}

const other = (ch: string) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());

/** The source of a case-insensitive regular expression, with each ASCII letter matching both cases. */
function withBothCases(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      // An escape: \d, \., \uXXXX, \u{…}, \xXX, \p{…} are copied whole.
      const m = /^\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[pP]\{[^}]*\}|c[A-Za-z]|.)/.exec(source.slice(i));
      out += m ? m[0] : ch;
      i += (m ? m[0].length : 1) - 1;
    } else if (!inClass && source.startsWith('(?<', i) && !source.startsWith('(?<=', i) && !source.startsWith('(?<!', i)) {
      const end = source.indexOf('>', i);
      out += source.slice(i, end + 1);
      i = end;
    } else if (inClass) {
      if (ch === ']') {
        inClass = false;
        out += ch;
      } else if (/[A-Za-z]/.test(ch) && source[i + 1] === '-' && /[A-Za-z]/.test(source[i + 2] ?? '')) {
        out += `${ch}-${source[i + 2]}${other(ch)}-${other(source[i + 2])}`;
        i += 2;
      } else {
        out += /[A-Za-z]/.test(ch) ? ch + other(ch) : ch;
      }
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
    } else {
      out += /[A-Za-z]/.test(ch) ? `[${ch}${other(ch)}]` : ch;
    }
  }
  return out;
}

/** Merges rules into a schema @nestjs/swagger made (keeps its descriptions, examples, $refs). */
export function applyRules(target: Schema, rules: PropertyRules): Schema {
  let s = target;
  const ref = s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
  if (ref) {
    // A nested DTO: its own schema carries its rules; nullable needs allOf in OpenAPI 3.0
    // (siblings of a $ref are ignored), and so do a description or an example.
    const { $ref: _r, allOf: _a, nullable: _n, ...rest } = s;
    if (rules.nullable) return { ...rest, type: 'object', allOf: [{ $ref: ref }], nullable: true };
    return Object.keys(rest).length > 0 ? { ...rest, allOf: [{ $ref: ref }] } : { $ref: ref };
  }
  const { items: ruleItems, ...own } = rules.schema;
  Object.assign(s, own);
  if (ruleItems) {
    const items = (s.items ??= {});
    if (items.$ref) {
      // Array of nested DTOs: their own schema carries the rules.
    } else {
      Object.assign(items, ruleItems);
      if (items.enum && items.type === undefined) items.type = 'string';
    }
  }
  // An enum may not also list a type that @nestjs/swagger guessed differently.
  if (s.type === 'array' && s.enum) {
    s.items = { ...(s.items ?? {}), enum: s.enum, type: s.items?.type ?? 'string' };
    delete s.enum;
  }
  if (rules.nullable) s.nullable = true;
  else delete s.nullable;
  return s;
}

/** A request DTO's schema, as its validation rules say. */
export function describeRequestSchema(schema: Schema, cls: Function): void {
  const rules = rulesOf(cls);
  schema.type = 'object';
  schema.additionalProperties = false;
  schema.properties ??= {};
  const required: string[] = [];
  for (const [property, r] of rules) {
    schema.properties[property] = applyRules(schema.properties[property] ?? {}, r);
    if (!r.optional) required.push(property);
  }
  if (required.length) schema.required = required;
  else delete schema.required;
}

/**
 * The classes class-validator knows, by name (as @nestjs/swagger names their schemas), for the
 * DTOs nested in a request body. A name two classes share maps to null (PartialType's helper
 * classes, for one): a schema of that name must then come from a body's own class.
 */
export function validatedClasses(): Map<string, Function | null> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown[]> };
  const byName = new Map<string, Function | null>();
  for (const cls of storage.validationMetadatas.keys()) {
    const seen = byName.get(cls.name);
    byName.set(cls.name, seen === undefined || seen === cls ? cls : null);
  }
  return byName;
}

/** The component name a request body's schema refers to. */
export function schemaName(requestBody: Schema | undefined): string | undefined {
  const ref = requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
  return ref?.split('/').pop();
}

/** Whether schema `name` is reachable from one of `roots` through $refs. */
export function isReferencedFrom(schemas: Record<string, Schema>, roots: string[], name: string): boolean {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const ref of JSON.stringify(schemas[s] ?? {}).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (ref[1] === name) return true;
      stack.push(ref[1]);
    }
  }
  return false;
}
