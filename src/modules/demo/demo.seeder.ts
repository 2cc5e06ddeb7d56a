import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApplicationsDemo } from '../applications/applications-demo.js';
import { ComplaintsDemo } from '../complaints/complaints-demo.js';
import { ReferralsDemo } from '../referrals/referrals-demo.js';
import { AbilityFactory } from '../authorization/ability.factory.js';
import type { CreateDocumentRequest } from '../documents/document.dto.js';
import { CreateDocumentUseCase } from '../documents/create-document.use-case.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { CreateUnitUseCase } from '../identity/create-unit.use-case.js';
import { CreateUserUseCase } from '../identity/create-user.use-case.js';
import type { Actor } from '../identity/user.types.js';
import { UnitsDemo } from '../units/units-demo.js';
import { TransitionDocumentUseCase } from '../workflow/transition-document.use-case.js';
import type { TransitionRequest } from '../workflow/transition.dto.js';

export interface DemoLogin {
  username: string;
  password: string;
  roles: string;
}

const UNITS = [
  { code: 'BGS', name: '区政府办公室' },
  { code: 'FGW', name: '区发展和改革委员会' },
  { code: 'JYJ', name: '区教育局' },
  { code: 'CZJ', name: '区财政局' },
];

/**
 * Seeds a small district into an empty database so a newcomer can try every screen: four units,
 * one user per role, and documents in every state, a few of them published. Everything goes
 * through the same use cases as the API, so the demo obeys every rule.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly createUnit: CreateUnitUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly identityRepo: IdentityRepository,
    private readonly abilities: AbilityFactory,
    private readonly createDocument: CreateDocumentUseCase,
    private readonly transition: TransitionDocumentUseCase,
  ) {}

  async seedIfEmpty(): Promise<DemoLogin[] | null> {
    if ((await this.identityRepo.countUnits()) > 0) return null;
    const admin = await this.identityRepo.findUserByUsername('admin');
    const adminActor: Actor | null = admin ? { id: admin.id, username: 'admin', displayName: admin.displayName, unitId: null, roles: admin.roles, leadsUnitIds: [] } : null;

    const unitIds: Record<string, string> = {};
    for (const u of UNITS) {
      const created = await this.createUnit.execute({ actor: adminActor ?? ({ id: null } as unknown as Actor), code: u.code, name: u.name }).catch(() => null);
      if (!created) return null; // another instance is seeding
      unitIds[u.code] = created.id;
    }
    const password = `demo-${randomBytes(6).toString('hex')}`;
    const people = [
      { username: 'drafter', displayName: '王芳（发改委拟稿人）', unitId: unitIds.FGW, roles: ['drafter'], leadsUnitIds: [] as string[] },
      { username: 'reviewer', displayName: '李强（发改委保密审查员）', unitId: unitIds.FGW, roles: ['secrecy_reviewer'], leadsUnitIds: [] },
      { username: 'officer', displayName: '张敏（政务公开办）', unitId: unitIds.BGS, roles: ['disclosure_officer'], leadsUnitIds: [] },
      { username: 'leader', displayName: '陈建国（分管副区长）', unitId: unitIds.BGS, roles: ['leader'], leadsUnitIds: [unitIds.FGW, unitIds.JYJ] },
      { username: 'jyj.drafter', displayName: '赵磊（教育局拟稿人）', unitId: unitIds.JYJ, roles: ['drafter'], leadsUnitIds: [] },
      { username: 'jyj.reviewer', displayName: '孙丽（教育局保密审查员）', unitId: unitIds.JYJ, roles: ['secrecy_reviewer'], leadsUnitIds: [] },
      // One disclosure liaison (信息公开联络员) per unit: answers consultations and referrals sent to it.
      { username: 'fgw.liaison', displayName: '周婷（发改委信息公开联络员）', unitId: unitIds.FGW, roles: ['unit_liaison'], leadsUnitIds: [] },
      { username: 'jyj.liaison', displayName: '吴军（教育局信息公开联络员）', unitId: unitIds.JYJ, roles: ['unit_liaison'], leadsUnitIds: [] },
      { username: 'bgs.liaison', displayName: '郑洁（区政府办信息公开联络员）', unitId: unitIds.BGS, roles: ['unit_liaison'], leadsUnitIds: [] },
      { username: 'czj.liaison', displayName: '冯涛（财政局信息公开联络员）', unitId: unitIds.CZJ, roles: ['unit_liaison'], leadsUnitIds: [] },
    ] as const;
    const actors: Record<string, Actor> = {};
    for (const p of people) {
      const u = await this.createUser.execute({ actor: adminActor, user: { ...p, roles: [...p.roles], leadsUnitIds: [...p.leadsUnitIds], password } });
      actors[p.username] = { id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, leadsUnitIds: u.leadsUnitIds };
    }

    const docs: { by: string; form: CreateDocumentRequest; steps: [string, TransitionRequest][] }[] = [
      {
        by: 'drafter',
        form: {
          title: '关于印发《区优化营商环境若干措施》的通知',
          docType: 'normative_document',
          category: 'rules_and_normative_documents',
          documentNumber: '区发改发〔2026〕12号',
          summary: '从市场准入、政务服务、要素保障等方面提出二十条措施。',
          body: '各街道办事处，区政府各委、办、局：\n现将《区优化营商环境若干措施》印发给你们，请认真贯彻执行。\n一、压缩企业开办时间至1个工作日以内。\n二、推行“一网通办”，实现政务服务事项全程网上办理。',
          publicAttribute: 'proactive',
          attributeRationale: '属于行政规范性文件，依据《条例》第二十条第（一）项主动公开。',
        },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'approve', comment: '经审查不涉密。' }],
          ['officer', { action: 'approve', publicAttribute: 'proactive', comment: '同意主动公开。' }],
          ['leader', { action: 'approve', comment: '同意。' }],
        ],
      },
      {
        by: 'drafter',
        form: {
          title: '2026年区级部门预算公开说明',
          docType: 'report',
          category: 'budgets_and_accounts',
          summary: 'Budget of the district departments for 2026 and its explanation.',
          body: '2026年区级一般公共预算收入安排……\nThe 2026 district budget allocates funds to education, health and social security.',
          publicAttribute: 'proactive',
        },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'approve' }],
          ['officer', { action: 'approve' }],
          ['leader', { action: 'approve' }],
        ],
      },
      {
        by: 'jyj.drafter',
        form: {
          title: '关于2026年义务教育阶段招生入学工作的实施意见',
          docType: 'plan',
          category: 'social_programmes',
          summary: '明确2026年小学、初中招生入学的范围、程序和时间安排。',
          body: '一、招生原则：坚持免试就近入学。\n二、时间安排：5月完成信息采集，7月发放录取通知。',
          publicAttribute: 'proactive',
        },
        steps: [
          ['jyj.drafter', { action: 'submit' }],
          ['jyj.reviewer', { action: 'approve' }],
          ['officer', { action: 'approve' }],
          ['leader', { action: 'approve' }],
        ],
      },
      {
        by: 'drafter',
        form: {
          title: '关于调整委机关内设机构人员分工的通知',
          docType: 'notice',
          body: '根据工作需要，对委机关内设机构人员分工作如下调整……',
          publicAttribute: 'not_public',
          nonDisclosureReason: 'internal_affairs',
          attributeRationale: '属于人事管理类内部事务信息（第十六条）。',
        },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'approve' }],
          ['officer', { action: 'approve' }],
          ['leader', { action: 'approve' }],
        ],
      },
      {
        by: 'drafter',
        form: { title: '区重点项目建设进度情况报告（第三季度）', docType: 'report', category: 'major_projects', body: '截至9月底，全区36个重点项目累计完成投资……', publicAttribute: 'proactive' },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'approve' }],
          ['officer', { action: 'approve' }],
        ],
      },
      {
        by: 'drafter',
        form: { title: '关于申请追加老旧小区改造资金的请示', docType: 'other', body: '区政府：为加快推进老旧小区综合整治，现申请追加资金……', publicAttribute: 'on_application' },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'approve' }],
        ],
      },
      {
        by: 'drafter',
        form: { title: '区价格监测工作方案', docType: 'plan', category: 'plans_and_policies', body: '为做好重要民生商品价格监测……', publicAttribute: 'proactive' },
        steps: [['drafter', { action: 'submit' }]],
      },
      {
        by: 'drafter',
        form: { title: '区节能审查实施细则（征求意见稿）', docType: 'normative_document', body: '第一条 为加强固定资产投资项目节能审查……', publicAttribute: 'proactive' },
        steps: [
          ['drafter', { action: 'submit' }],
          ['reviewer', { action: 'return', comment: '请补充起草说明并核对附件。' }],
        ],
      },
      {
        by: 'drafter',
        form: { title: '区充电基础设施建设三年行动计划', docType: 'plan', category: 'plans_and_policies', body: '到2028年，全区建成公共充电桩……', publicAttribute: 'proactive' },
        steps: [],
      },
      {
        by: 'drafter',
        form: { title: '关于暂停部分窗口业务的通知（已撤回）', docType: 'notice', body: '因系统升级……', publicAttribute: 'proactive' },
        steps: [['drafter', { action: 'withdraw' }]],
      },
    ];

    const revokeTitle = '2026年区级部门预算公开说明';
    let first: string | null = null;
    for (const d of docs) {
      const drafter = actors[d.by];
      let doc = await this.createDocument.execute({ actor: drafter, ability: this.abilities.createForActor(drafter), form: d.form });
      first ??= doc.id;
      for (const [who, step] of d.steps) {
        const a = actors[who];
        const version = doc.version;
        doc = await this.transition.execute({ actor: a, ability: this.abilities.createForActor(a), id: doc.id, version, step });
      }
      if (d.form.title === revokeTitle) {
        // One revoked entry, so the feeds and the change stream show a revocation too: publish a
        // copy and revoke it.
        const copy = await this.createDocument.execute({ actor: drafter, ability: this.abilities.createForActor(drafter), form: { ...d.form, title: `${d.form.title}（旧版，已撤销）` } });
        let c = copy;
        for (const [who, step] of d.steps) {
          const a = actors[who];
          const version = c.version;
          c = await this.transition.execute({ actor: a, ability: this.abilities.createForActor(a), id: c.id, version, step });
        }
        const o = actors.officer;
        const version = c.version;
        await this.transition.execute({ actor: o, ability: this.abilities.createForActor(o), id: c.id, version, step: { action: 'revoke', comment: '已被新版替代。' } });
      }
    }
    // The policy interpretation (政策解读) of the first normative document, published with it.
    if (first) {
      const drafter = actors.drafter;
      let i = await this.createDocument.execute({
        actor: drafter,
        ability: this.abilities.createForActor(drafter),
        form: {
          title: '《区优化营商环境若干措施》政策解读',
          docType: 'interpretation',
          interprets: first,
          interpretationForm: 'qa',
          category: 'rules_and_normative_documents',
          summary: '一问一答读懂二十条措施。',
          body: '问：企业开办时间压缩到多久？\n答：1个工作日以内。\n问：哪些事项可以网上办理？\n答：全部政务服务事项实行“一网通办”。',
          publicAttribute: 'proactive',
        },
      });
      for (const [who, step] of docs[0].steps) {
        const a = actors[who];
        i = await this.transition.execute({ actor: a, ability: this.abilities.createForActor(a), id: i.id, version: i.version, step });
      }
    }
    // Each unit's profile, so each has a disclosure guide.
    await this.unitsDemo.seed([
      { unitId: unitIds.FGW, actor: actors['fgw.liaison'], functions: '拟订并组织实施全区国民经济和社会发展规划，统筹推进营商环境优化和重点项目建设。', leaders: [{ name: '刘洋', title: '主任', duties: '主持全面工作。' }, { name: '黄静', title: '副主任', duties: '分管规划、政务公开。' }] },
      { unitId: unitIds.JYJ, actor: actors['jyj.liaison'], functions: '统筹管理全区各级各类教育，负责义务教育招生入学工作。', leaders: [{ name: '何平', title: '局长', duties: '主持全面工作。' }] },
      { unitId: unitIds.BGS, actor: actors['bgs.liaison'], functions: '协助区政府领导处理日常工作，负责全区政府信息公开工作的组织协调。', leaders: [{ name: '陈建国', title: '主任', duties: '主持全面工作，分管政务公开。' }] },
      { unitId: unitIds.CZJ, actor: actors['czj.liaison'], functions: '负责全区财政收支管理，编制区级预算草案和决算草案。', leaders: [{ name: '林峰', title: '局长', duties: '主持全面工作。' }] },
    ]);
    // Disclosure applications in every state and an appeal, through the applications module's use cases.
    const applications = await this.applicationsDemo.seed(actors.officer);
    // Applications referred to units (转办): one answered by its unit, two waiting.
    await this.referralsDemo.seed(actors.officer, { FGW: actors['fgw.liaison'], CZJ: actors['czj.liaison'] }, unitIds, applications);
    // Complaints and reports in each state, one with a rectification still to make.
    await this.complaintsDemo.seed(actors.officer, unitIds);
    return people.map((p) => ({ username: p.username, password, roles: p.roles.join(', ') }));
  }

  /** Property injection (DemoModule imports ApplicationsModule), so the constructor above is unchanged. */
  @Inject(ApplicationsDemo) private readonly applicationsDemo: ApplicationsDemo;
  @Inject(UnitsDemo) private readonly unitsDemo: UnitsDemo;
  @Inject(ComplaintsDemo) private readonly complaintsDemo: ComplaintsDemo;
  @Inject(ReferralsDemo) private readonly referralsDemo: ReferralsDemo;
}
