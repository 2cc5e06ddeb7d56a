/** Every migration, in order. Listed explicitly: ESM builds cannot rely on TypeORM's glob loading. */
import { Foundation1764201600000 } from './1764201600000-Foundation.js';

export const migrations = [Foundation1764201600000];
