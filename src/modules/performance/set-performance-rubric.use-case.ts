import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { assertVersion, invalidInput, staleVersion } from '../../common/errors/domain-error.js';
import type { IfMatch } from '../../common/http/etag.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { RubricError, checkRubric } from './domain/metrics.js';
import type { PerformanceRubricResponse } from './performance.dto.js';
import { PerformanceRepository } from './performance.repository.js';
import { rubricResponse } from './performance.service.js';

export interface SetPerformanceRubricCommand {
  actor: Actor;
  rubric: { key: string; weight: number }[];
  /** The version the caller read (If-Match), when it sent one. */
  version: IfMatch | undefined;
}

/**
 * An administrator sets the weights of the assessment's metrics: a new version of the rubric
 * (the old ones are kept), audited. Unknown or repeated metrics, weights out of range and a rubric
 * of zeros are refused (400); a stale If-Match is 412.
 */
@Injectable()
export class SetPerformanceRubricUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: PerformanceRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, rubric, version }: SetPerformanceRubricCommand): Promise<PerformanceRubricResponse> {
    let weights;
    try {
      weights = checkRubric(rubric);
    } catch (e) {
      if (e instanceof RubricError) throw invalidInput(`rubric: ${e.message}`);
      throw e;
    }
    const current = await this.repo.rubric(true);
    if (version !== undefined) assertVersion('rubric', current, version);
    const saved = await this.repo.insertRubric(current.version + 1, weights, actor.id);
    if (!saved) throw staleVersion('rubric');
    await this.audit.append({ actorId: actor.id, action: 'performance.rubric', subjectType: 'Performance', subjectId: 'rubric', data: { version: saved.version, weights: { ...weights } } });
    return rubricResponse(saved);
  }
}
