import { ValidateIf, type ValidationOptions } from 'class-validator';

/** Marks a property set with @Optional (read by the OpenAPI document: optional, not nullable). */
export const OPTIONAL_NOT_NULL = 'gongkai:optional-not-null';

/**
 * The property may be left out; when it is present its validators apply, also to `null`.
 * class-validator's @IsOptional() lets `null` through as if the property were absent: a required
 * string or number then reached the database as NULL (a 500) or replaced a value. Use
 * @IsOptional() only where `null` means something (clear the field) and the schema says nullable.
 */
export function Optional(options?: ValidationOptions): PropertyDecorator {
  const validateIf = ValidateIf((object: object, value: unknown) => value !== undefined, options);
  return (target: object, property: string | symbol) => {
    Reflect.defineMetadata(OPTIONAL_NOT_NULL, true, target, property);
    validateIf(target, property as string);
  };
}
