/**
 * Documents waiting for the leader's signature (state leader_review, version 4), written straight
 * into the database with the history a real review would have left: created, submitted, approved
 * by the unit's secrecy reviewer, approved by the disclosure office with the attribute proactive.
 * Each one is approved exactly once by the loads, so every request works on a document of its own.
 */
import pg from 'pg';
import { chinaYearOf } from '../../src/common/china-time.js';
import { scanText } from '../../src/modules/assessment/domain/index.js';
import type { BenchPeople } from './dataset.js';
import { copyFrom, copyRow } from './pg-copy.js';
import { generateText, makeUnits, mulberry32 } from './text.js';

export interface PreparedDoc {
  id: string;
  unitId: string;
  leader: string;
}

const uuidOf = (r: () => number) => {
  const h = () => Math.floor(r() * 0x100000000).toString(16).padStart(8, '0');
  const s = h() + h() + h() + h();
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
};

export async function prepareDocuments(url: string, people: BenchPeople, count: number, seed: number, unitsTotal: number): Promise<PreparedDoc[]> {
  const r = mulberry32(seed);
  const specs = makeUnits(unitsTotal, 20260501);
  const year = chinaYearOf(Date.now());
  const docs: PreparedDoc[] = [];
  const docRows: string[] = [];
  const histRows: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const ui = i % people.workflowUnits.length;
    const u = people.workflowUnits[ui];
    const spec = specs.find((s) => s.code === u.code) ?? specs[0];
    let text = generateText(r, spec, year);
    // The confidentiality gate refuses anything with findings: the generator makes none, but check.
    for (let k = 0; k < 5 && (scanText(text.body).length || scanText(text.title).length); k++) text = generateText(r, spec, year);
    const id = uuidOf(r);
    const created = now - 3 * 86_400_000 + i;
    const t = (k: number) => new Date(created + k * 3_600_000).toISOString();
    docRows.push(
      copyRow([
        id, u.unitId, u.drafterId, text.title, text.docType, text.body, text.summary, text.category, text.documentNumber,
        'proactive', 'proactive', 'leader_review', 4, `{${u.reviewerId}}`, `{${people.officerId}}`, t(0), t(3),
      ]),
    );
    histRows.push(copyRow([id, u.drafterId, 'create', null, 'draft', null, 'proactive', null, 1, t(0)]));
    histRows.push(copyRow([id, u.drafterId, 'submit', 'draft', 'secrecy_review', null, 'proactive', null, 2, t(1)]));
    histRows.push(copyRow([id, u.reviewerId, 'approve', 'secrecy_review', 'attribute_review', '经审查不涉密', 'proactive', null, 3, t(2)]));
    histRows.push(copyRow([id, people.officerId, 'approve', 'attribute_review', 'leader_review', null, 'proactive', null, 4, t(3)]));
    docs.push({ id, unitId: u.unitId, leader: u.leaderUsername });
  }
  const c = new pg.Client({ connectionString: url, application_name: 'gongkai-bench-prepare' });
  await c.connect();
  try {
    await c.query('BEGIN');
    await copyFrom(
      c,
      `COPY documents (id, unit_id, drafter_id, title, doc_type, body, summary, category, document_number, public_attribute, office_attribute,
                       state, version, secrecy_approver_ids, office_approver_ids, created_at, updated_at) FROM STDIN`,
      docRows,
    );
    await copyFrom(c, `COPY document_history (document_id, actor_id, action, from_state, to_state, comment, public_attribute, non_disclosure_reason, version, at) FROM STDIN`, histRows);
    await c.query('COMMIT');
    await c.query('ANALYZE documents, document_history');
  } finally {
    await c.end();
  }
  // Shuffle, so that concurrent clients hit units in no particular order.
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  return docs;
}
