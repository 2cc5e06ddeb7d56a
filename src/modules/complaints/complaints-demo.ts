/**
 * Demo complaints and reports for `npm start` on an empty database: one just received, one
 * assigned to a unit and now overdue, one replied with a rectification the unit has still to make, one closed.
 * Everything goes through the same use cases as the API, dated in the past.
 */
import { Injectable } from '@nestjs/common';
import { AbilityFactory } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import type { ComplaintActionRequest, FileComplaintRequest } from './complaint.dto.js';
import { FileComplaintUseCase } from './file-complaint.use-case.js';
import { TakeComplaintActionUseCase } from './take-complaint-action.use-case.js';

const DAY = 86_400_000;

@Injectable()
export class ComplaintsDemo {
  constructor(
    private readonly file: FileComplaintUseCase,
    private readonly take: TakeComplaintActionUseCase,
    private readonly abilities: AbilityFactory,
  ) {}

  /** `units`: unit codes → ids of the demo units (FGW, JYJ, CZJ). */
  async seed(officer: Actor, units: Record<string, string>, now = Date.now()): Promise<number> {
    const office = this.abilities.createForActor(officer);
    const steps = async (form: FileComplaintRequest, receivedDaysAgo: number, actions: [Actor, ComplaintActionRequest, number][]) => {
      let c = await this.file.execute({ form, now: new Date(now - receivedDaysAgo * DAY) });
      for (const [who, step, daysAgo] of actions) {
        c = await this.take.execute({ actor: who, ability: who === officer ? office : this.abilities.createForActor(who), id: c.id, version: { any: false, versions: [c.version] }, step, now: new Date(now - daysAgo * DAY) });
      }
    };
    await steps({ kind: 'report', description: '区政府门户网站“政策文件”栏目近两个月未更新。', contact: {} }, 1, []);
    await steps({ kind: 'complaint', unitCode: 'JYJ', description: '申请学区划分信息已满二十个工作日，仍未收到答复。', name: '孙丽', contact: { phone: '13900007777' } }, 25, [
      [officer, { action: 'assign', unitId: units.JYJ }, 24],
    ]);
    await steps({ kind: 'complaint', unitCode: 'FGW', description: '重点项目清单公开的信息不完整，缺少投资额。', name: '钱进', contact: { email: 'qian.jin@example.com' } }, 20, [
      [officer, { action: 'assign', unitId: units.FGW }, 19],
      [
        officer,
        {
          action: 'reply',
          finding: 'partly_substantiated',
          reply: '经核查，重点项目清单未公开投资额属实，已责成区发展改革委补充公开。',
          rectification: { unitId: units.FGW, dueAt: new Date(now + 10 * DAY).toISOString(), measures: '补充公开重点项目投资额，并建立清单更新核对机制。' },
        },
        8,
      ],
    ]);
    await steps({ kind: 'complaint', unitCode: 'CZJ', description: '部门预算公开表格无法下载。', contact: { phone: '13900008888' } }, 40, [
      [officer, { action: 'assign', unitId: units.CZJ }, 39],
      [officer, { action: 'reply', finding: 'substantiated', reply: '经核查属实，附件链接已修复。', rectification: { unitId: units.CZJ, dueAt: new Date(now - 20 * DAY).toISOString(), measures: '修复附件链接并逐项检查。' }, accountability: { kind: 'talk', note: '对网站维护人员进行提醒谈话。' } }, 30],
      [officer, { action: 'rectified', note: '附件链接已修复，全部表格可下载。' }, 25],
      [officer, { action: 'close' }, 24],
    ]);
    return 4;
  }
}
