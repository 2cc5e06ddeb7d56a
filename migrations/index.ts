/** Every migration, in order. Listed explicitly: ESM builds cannot rely on TypeORM's glob loading. */
import { Foundation1764201600000 } from './1764201600000-Foundation.js';
import { Catalogue1764250000000 } from './1764250000000-Catalogue.js';
import { Attachments1764260000000 } from './1764260000000-Attachments.js';
import { Applications1764300000000 } from './1764300000000-Applications.js';
import { Reports1764400000000 } from './1764400000000-Reports.js';
import { CatalogueRevokedIndex1764500000000 } from './1764500000000-CatalogueRevokedIndex.js';
import { ReviewChain1764600000000 } from './1764600000000-ReviewChain.js';
import { Sessions1764700000000 } from './1764700000000-Sessions.js';
import { Notifications1764800000000 } from './1764800000000-Notifications.js';
import { UnitsInPublic1764900000000 } from './1764900000000-UnitsInPublic.js';
import { Complaints1765000000000 } from './1765000000000-Complaints.js';
import { PerformanceRubric1765100000000 } from './1765100000000-PerformanceRubric.js';
import { ExchangeFormat1765200000000 } from './1765200000000-ExchangeFormat.js';
import { AuditChain1765300000000 } from './1765300000000-AuditChain.js';
import { Referrals1765400000000 } from './1765400000000-Referrals.js';

export const migrations = [Foundation1764201600000, Catalogue1764250000000, Attachments1764260000000, Applications1764300000000, Reports1764400000000, CatalogueRevokedIndex1764500000000, ReviewChain1764600000000, Sessions1764700000000, Notifications1764800000000, UnitsInPublic1764900000000, Complaints1765000000000, PerformanceRubric1765100000000, ExchangeFormat1765200000000, AuditChain1765300000000, Referrals1765400000000];
