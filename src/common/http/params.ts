/**
 * Path parameters whose rules the OpenAPI document states (openapi.ts reads `openApiSchema`
 * from a pipe, and ApiParam from the decorators below), so the document and the service agree.
 */
import { type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { invalidInput } from '../errors/domain-error.js';
import type { DescribedPipe } from './openapi.js';

/** An integer path parameter within bounds (a year); outside them, or not an integer: 400 naming it. */
export class BoundedIntPipe implements PipeTransform<string, number>, DescribedPipe {
  constructor(
    private readonly name: string,
    private readonly min: number,
    /** Read on each request (and when the document is made): "up to the current year". */
    private readonly max: () => number,
  ) {}

  get openApiSchema() {
    return { type: 'integer', minimum: this.min, maximum: this.max() };
  }

  transform(value: string): number {
    if (!/^-?\d{1,9}$/.test(value)) throw invalidInput(`${this.name} must be an integer`);
    const n = Number(value);
    const max = this.max();
    if (n < this.min || n > max) throw invalidInput(`${this.name} must be between ${this.min} and ${max}`);
    return n;
  }
}

/** Documents a path parameter that must match `pattern` (the route answers 404 for anything else). */
export const PatternParam = (name: string, pattern: RegExp, description?: string) => ApiParam({ name, description, schema: { type: 'string', pattern: pattern.source } });

/** Documents a path parameter that is a UUID (the route answers 404 for anything else). */
export const UuidParam = (name: string, description?: string) => ApiParam({ name, description, schema: { type: 'string', format: 'uuid' } });
