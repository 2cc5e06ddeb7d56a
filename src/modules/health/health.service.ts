import { Injectable } from '@nestjs/common';
import { HealthRepository } from './health.repository.js';

@Injectable()
export class HealthService {
  constructor(private readonly repo: HealthRepository) {}

  /** True when the database answers within `timeoutMs`. */
  async databaseAnswers(timeoutMs = 2000): Promise<boolean> {
    try {
      await Promise.race([this.repo.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
      return true;
    } catch {
      return false;
    }
  }
}
