/** Demo referrals (转办) for `npm start`: through the same use cases as the API. */
import { Injectable } from '@nestjs/common';
import { AbilityFactory } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import { AnswerReferralUseCase } from './answer-referral.use-case.js';
import { ReferApplicationUseCase } from './refer-application.use-case.js';

@Injectable()
export class ReferralsDemo {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly refer: ReferApplicationUseCase,
    private readonly answer: AnswerReferralUseCase,
  ) {}

  /**
   * The demo applications being handled (by applicant name) referred to the units holding the
   * information: 王磊's to the FGW, which answers; 周杰's to the FGW and 孙明's to the finance
   * bureau, waiting for their answers.
   */
  async seed(officer: Actor, liaisons: { FGW: Actor; CZJ: Actor }, unitIds: Record<string, string>, applications: Map<string, string>): Promise<void> {
    const wang = applications.get('王磊');
    const zhou = applications.get('周杰');
    const sun = applications.get('孙明');
    if (wang) {
      const [r] = await this.refer.execute({ actor: officer, applicationId: wang, unitIds: [unitIds.FGW], comment: '申请人申请获取区重点项目建设进度情况，请贵委核实并提出答复意见。' });
      await this.answer.execute({
        actor: liaisons.FGW,
        ability: this.abilities.createForActor(liaisons.FGW),
        id: r.id,
        answer: { proposedOutcome: 'disclosed', comment: '该信息由我委编制，见《区重点项目建设进度情况报告（第三季度）》，可以公开。' },
      });
    }
    if (zhou) await this.refer.execute({ actor: officer, applicationId: zhou, unitIds: [unitIds.FGW], comment: '请核实该道路拓宽工程规划许可文件是否由贵委制作或保存，并提出答复意见。' });
    if (sun) await this.refer.execute({ actor: officer, applicationId: sun, unitIds: [unitIds.CZJ], comment: '申请人申请获取老旧小区改造资金拨付明细，请贵局提供资金拨付情况并提出答复意见。', dueInWorkingDays: 5 });
  }
}
