import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsUUID } from 'class-validator';

/** The units a request sends something to (consulted, referred): 1 to 20 distinct unit ids. */
export const UnitIdsProperty = (description: string) =>
  applyDecorators(
    ApiProperty({ type: [String], format: 'uuid', description: `${description} (at most 20)`, example: ['3f0c6e2a-8b1d-4c5e-9f7a-2d4b6c8e0a13'] }),
    IsArray(),
    ArrayNotEmpty(),
    ArrayUnique({ message: 'unitIds must not repeat a unit' }),
    ArrayMaxSize(20),
    IsUUID('all', { each: true }),
  );
