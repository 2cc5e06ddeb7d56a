/**
 * Demo applications in every state, for `npm start` on an empty database. Everything goes through
 * the same use cases as the API (dated in the past with `at`), so the demo obeys every rule.
 */
import { Injectable } from '@nestjs/common';
import { AbilityFactory } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import type { ApplicationActionRequest, SubmitApplicationRequest } from './application.dto.js';
import { ConcludeAppealUseCase } from './appeals/conclude-appeal.use-case.js';
import { FileAppealUseCase } from './appeals/file-appeal.use-case.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';
import { TakeApplicationActionUseCase } from './take-application-action.use-case.js';

type Step = Omit<ApplicationActionRequest, 'at'> & { at: string };

interface DemoApplication {
  form: SubmitApplicationRequest;
  steps: Step[];
  appeal?: { kind: 'reconsideration'; filedAt: string; result?: 'upheld'; concludedAt?: string };
}

const person = (name: string, phone: string): Pick<SubmitApplicationRequest, 'applicantType' | 'applicantName' | 'contact'> => ({
  applicantType: 'natural_person',
  applicantName: name,
  contact: { phone },
});

const DEMO: DemoApplication[] = [
  {
    form: { ...person('刘洋', '13900001111'), description: '本区2026年义务教育阶段学区划分方案', format: 'electronic', delivery: 'email' },
    steps: [],
  },
  {
    form: { ...person('周杰', '13900002222'), description: '某路段道路拓宽工程的规划许可文件', format: 'paper', delivery: 'post', channel: 'registered_post', receivedAt: '2026-11-10T10:00:00+08:00' },
    steps: [{ action: 'accept', at: '2026-11-11T09:30:00+08:00' }],
  },
  {
    form: { ...person('吴敏', '13900003333'), description: '关于那个项目的文件', format: 'paper', delivery: 'pickup', channel: 'in_person', receivedAt: '2026-11-02T15:00:00+08:00' },
    steps: [{ action: 'request_correction', comment: '请说明所需信息的名称、文号或者便于查询的其他特征性描述。', at: '2026-11-04T10:00:00+08:00' }],
  },
  {
    form: {
      applicantType: 'commercial_enterprise',
      applicantName: '北京某建材有限公司',
      idNumber: '91110105MA00000000',
      contact: { email: 'legal@example.com', address: '北京市朝阳区某路1号' },
      description: '本公司参与投标的区政府采购项目评标报告',
      format: 'electronic',
      delivery: 'email',
      channel: 'fax',
      receivedAt: '2026-10-20T11:00:00+08:00',
    },
    steps: [
      { action: 'accept', at: '2026-10-21T09:00:00+08:00' },
      { action: 'consult_third_party', comment: '涉及其他投标人商业秘密，书面征求第三方意见。', at: '2026-10-26T10:00:00+08:00' },
    ],
  },
  {
    form: { ...person('郑华', '13900005555'), description: '2026年度区级部门预算公开说明', format: 'electronic', delivery: 'email', channel: 'in_person', receivedAt: '2026-09-07T10:00:00+08:00' },
    steps: [
      { action: 'accept', at: '2026-09-08T09:00:00+08:00' },
      { action: 'consult_third_party', consultee: 'other_agency', comment: '征求区财政局意见。', at: '2026-09-15T10:00:00+08:00' },
      { action: 'third_party_replied', comment: '区财政局同意公开。', at: '2026-09-25T16:00:00+08:00' },
      { action: 'reply', outcome: 'disclosed', comment: '该信息已在区政府门户网站“财政预决算”栏目公开。', at: '2026-10-10T10:00:00+08:00' },
      { action: 'deliver', method: 'email', at: '2026-10-12T10:00:00+08:00' },
      { action: 'file', at: '2026-10-15T10:00:00+08:00' },
    ],
  },
  {
    form: { ...person('王磊', '13900006666'), description: '区重点项目建设进度情况', format: 'electronic', delivery: 'online', channel: 'online', receivedAt: '2026-10-12T20:00:00+08:00' },
    steps: [{ action: 'accept', at: '2026-10-13T09:00:00+08:00' }],
  },
  {
    form: { ...person('陈静', '13900007777'), description: '区发改委机关内设机构人员分工调整通知', format: 'paper', delivery: 'post', channel: 'ordinary_letter', receivedAt: '2026-08-03T10:00:00+08:00' },
    steps: [
      { action: 'accept', at: '2026-08-04T09:00:00+08:00' },
      { action: 'reply', outcome: 'not_disclosed', reason: 'internal_affairs', comment: '该信息属于人事管理方面的内部事务信息。', at: '2026-08-20T10:00:00+08:00' },
      { action: 'deliver', method: 'post', at: '2026-08-22T10:00:00+08:00' },
    ],
    appeal: { kind: 'reconsideration', filedAt: '2026-09-15T10:00:00+08:00', result: 'upheld', concludedAt: '2026-11-10T10:00:00+08:00' },
  },
  {
    form: { ...person('孙明', '13900008888'), description: '2024年以来全区老旧小区改造项目的资金拨付明细', format: 'electronic', delivery: 'email', channel: 'in_person', receivedAt: '2026-10-26T10:00:00+08:00' },
    steps: [
      { action: 'accept', at: '2026-10-27T09:00:00+08:00' },
      { action: 'extend', comment: '所需信息涉及多个年度和部门，经政务公开办负责人同意延期答复。', at: '2026-11-20T10:00:00+08:00' },
    ],
  },
];

@Injectable()
export class ApplicationsDemo {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly submit: SubmitApplicationUseCase,
    private readonly take: TakeApplicationActionUseCase,
    private readonly fileAppeal: FileAppealUseCase,
    private readonly concludeAppeal: ConcludeAppealUseCase,
  ) {}

  /** Seeds the demo applications as `officer` (a disclosure officer); returns their ids by applicant name. Each step is its own transaction. */
  async seed(officer: Actor): Promise<Map<string, string>> {
    const ability = this.abilities.createForActor(officer);
    const ids = new Map<string, string>();
    for (const d of DEMO) {
      let a: { id: string; version: number } = await this.submit.execute({ actor: officer, ability, form: d.form });
      for (const step of d.steps) {
        a = await this.take.execute({ actor: officer, id: a.id, version: a.version, step: step as ApplicationActionRequest });
      }
      ids.set(d.form.applicantName, a.id);
      if (d.appeal) {
        const appeal = await this.fileAppeal.execute({ actor: officer, appeal: { applicationId: a.id, kind: d.appeal.kind, filedAt: d.appeal.filedAt } });
        if (d.appeal.result && d.appeal.concludedAt) {
          await this.concludeAppeal.execute({ actor: officer, id: appeal.id, conclusion: { result: d.appeal.result, concludedAt: d.appeal.concludedAt } });
        }
      }
    }
    return ids;
  }
}
