/**
 * Publication channels (Art. 23): each webhook receiver names its channel; per catalogue entry the
 * state on each receiver (pending, delivered, failed, withdrawn after a revocation) and the URL the
 * receiver answered with; the overview of entries not yet on every channel. Real HTTP receivers:
 * a WeChat bridge that answers {"url"}, a Weibo bridge that is down, a portal that answers 204.
 */
import { FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';
import { Receiver, until } from './support/receiver.js';

describe('publication channels', () => {
  let t: TestApp;
  let d: District;
  const wechat = new Receiver();
  const weibo = new Receiver();
  const portal = new Receiver();
  const subs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_RETRY_LIMIT: '1' });
    d = await seedDistrict(t);
    await Promise.all([wechat.start(), weibo.start(), portal.start()]);
    wechat.answerUrl = (indexNo) => `https://mp.weixin.qq.com/s/${indexNo}`;
    weibo.failuresLeft = 1_000_000;
    for (const [channel, r] of [
      ['wechat', wechat],
      ['weibo', weibo],
    ] as const) {
      const res = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: r.url, channel, description: `${channel} bridge` });
      expect(res.status).toBe(201);
      expect(res.body.channel).toBe(channel);
      subs[channel] = res.body.id;
    }
    const p = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: portal.url });
    expect(p.body.channel).toBe('portal');
    subs.portal = p.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([wechat.stop(), weibo.stop(), portal.stop()]);
  });

  const channels = async (indexNo: string, who = 'officer') => (await t.http.get(`/api/v1/catalogue/${indexNo}/channels`).set(bearer(d.tokens[who]))).body as { channel: string; state: string; remoteUrl: string | null; deliveredAt: string | null; subscriberId: string }[];
  const stateOf = async (indexNo: string) => Object.fromEntries((await channels(indexNo)).map((c) => [c.channel, c.state]));

  it('a channel is a short code; a subscriber may move to another one', async () => {
    for (const channel of ['WeChat', 'a', 'we chat', '1wechat', 'x'.repeat(33)]) {
      const res = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'https://x.example.gov.cn/hook', channel });
      expect({ channel, status: res.status }).toEqual({ channel, status: 400 });
      expect(res.body.message).toMatch(/^channel /);
    }
    const moved = await t.http.patch(`/api/v1/subscribers/${subs.portal}`).set(bearer(t.adminToken)).send({ channel: 'gov_portal' });
    expect(moved.status).toBe(200);
    expect(moved.body.channel).toBe('gov_portal');
    await t.http.patch(`/api/v1/subscribers/${subs.portal}`).set(bearer(t.adminToken)).send({ channel: 'portal' });
    const list = (await t.http.get('/api/v1/subscribers').set(bearer(t.adminToken))).body as { id: string; channel: string }[];
    expect(Object.fromEntries(list.map((s) => [s.id, s.channel]))).toMatchObject({ [subs.wechat]: 'wechat', [subs.weibo]: 'weibo', [subs.portal]: 'portal' });
  });

  it('per entry: delivered with the receiver’s URL, failed where the receiver is down; the office and the admin see it, nobody else', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '推送到各渠道' });
    expect(Object.values(await stateOf(doc.indexNo!)).every((s) => s === 'pending' || s === 'delivered')).toBe(true);
    await until(async () => {
      const s = await stateOf(doc.indexNo!);
      return s.wechat === 'delivered' && s.portal === 'delivered' && s.weibo === 'failed';
    }, 30_000, 'wechat and portal delivered, weibo failed');
    const list = await channels(doc.indexNo!);
    expect(list.map((c) => c.channel)).toEqual(['portal', 'wechat', 'weibo']);
    expect(list.find((c) => c.channel === 'wechat')).toMatchObject({ subscriberId: subs.wechat, state: 'delivered', remoteUrl: `https://mp.weixin.qq.com/s/${doc.indexNo}` });
    expect(Date.parse(list.find((c) => c.channel === 'wechat')!.deliveredAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(list.find((c) => c.channel === 'portal')).toMatchObject({ state: 'delivered', remoteUrl: null });
    expect(list.find((c) => c.channel === 'weibo')).toMatchObject({ state: 'failed', deliveredAt: null, remoteUrl: null });

    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}/channels`).set(bearer(t.adminToken))).status).toBe(200);
    for (const who of ['drafterA', 'reviewerA', 'leaderA', 'liaisonA']) expect({ who, status: (await t.http.get(`/api/v1/catalogue/${doc.indexNo}/channels`).set(bearer(d.tokens[who]))).status }).toEqual({ who, status: 403 });
    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}/channels`)).status).toBe(401);
    expect((await t.http.get(`/api/v1/catalogue/${d.unitA.code}-2020-000001/channels`).set(bearer(d.tokens.officer))).status).toBe(404);

    // The overview: the entry is not yet on weibo.
    const backlog = (await t.http.get('/api/v1/channels/backlog').set(bearer(d.tokens.officer))).body as { items: { indexNo: string; channels: { channel: string; state: string }[] }[] };
    expect(backlog.items.find((i) => i.indexNo === doc.indexNo)!.channels).toEqual([expect.objectContaining({ channel: 'weibo', state: 'failed' })]);
    expect((await t.http.get('/api/v1/channels/backlog?channel=wechat').set(bearer(d.tokens.officer))).body.items.some((i: { indexNo: string }) => i.indexNo === doc.indexNo)).toBe(false);
    const summary = (await t.http.get('/api/v1/channels').set(bearer(d.tokens.officer))).body as { channel: string; delivered: number; failed: number; subscribers: number }[];
    expect(summary.find((s) => s.channel === 'weibo')).toMatchObject({ subscribers: 1, failed: 1, delivered: 0 });
    expect(summary.find((s) => s.channel === 'wechat')).toMatchObject({ subscribers: 1, delivered: 1, failed: 0 });
    expect((await t.http.get('/api/v1/channels').set(bearer(d.tokens.drafterA))).status).toBe(403);
  }, 60_000);

  it('after a revocation: withdrawn where it arrived; held behind the failed publication elsewhere until that is replayed', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '将撤销的信息' });
    await until(async () => (await stateOf(doc.indexNo!)).weibo === 'failed', 30_000, 'weibo failed');
    const rev = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.officer)).set('If-Match', `"${doc.version}"`).send({ action: 'revoke', comment: '撤销' });
    expect(rev.status).toBe(200);
    await until(async () => {
      const s = await stateOf(doc.indexNo!);
      return s.wechat === 'withdrawn' && s.portal === 'withdrawn';
    }, 30_000, 'withdrawn on wechat and the portal');
    // Weibo never took the publication: its revocation waits behind it (never before it).
    const weiboHeld = await t.sql<{ waiting: boolean; status: string }>(
      `SELECT d.waiting, d.status FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.index_no = $1 AND c.type = 'revoked' AND d.subscriber_id = $2`,
      [doc.indexNo, subs.weibo],
    );
    await until(async () => (await t.sql<{ waiting: boolean }>(`SELECT d.waiting FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.index_no = $1 AND c.type = 'revoked' AND d.subscriber_id = $2`, [doc.indexNo, subs.weibo]))[0]?.waiting === true, 30_000, 'the revocation held back');
    expect(weiboHeld).toHaveLength(1);
    expect((await stateOf(doc.indexNo!)).weibo).toBe('pending');
    expect(weibo.received.filter((r) => r.event.data.indexNo === doc.indexNo)).toEqual([]);
    // Weibo is back; the office replays the publication: then the revocation follows, in order.
    weibo.failuresLeft = 0;
    const log = await t.http.get(`/api/v1/subscribers/${subs.weibo}/deliveries?limit=100`).set(bearer(t.adminToken));
    const publication = log.body.items.find((i: { eventType: string; payload: { data: { indexNo: string } } }) => i.eventType === 'catalogue.published' && i.payload.data.indexNo === doc.indexNo);
    expect((await t.http.post(`/api/v1/deliveries/${publication.id}/replay`).set(bearer(t.adminToken))).status).toBe(202);
    await until(async () => (await stateOf(doc.indexNo!)).weibo === 'withdrawn', 30_000, 'withdrawn on weibo');
    expect(weibo.received.filter((r) => r.event.data.indexNo === doc.indexNo).map((r) => r.event.type)).toEqual(['catalogue.published', 'catalogue.revoked']);
    // The entry left the public catalogue, not the office's view of its channels.
    expect((await t.http.get(`/api/v1/catalogue/${doc.indexNo}`)).status).toBe(404);
    expect((await channels(doc.indexNo!)).every((c) => c.state === 'withdrawn')).toBe(true);
  }, 90_000);

  it('a receiver’s answer gives a URL only when it is a 2xx JSON object with an http(s) url', async () => {
    const { remoteUrlOf } = await import('../src/modules/delivery/delivery.service.js');
    expect(remoteUrlOf('{"url":"https://weibo.com/1/2"}')).toBe('https://weibo.com/1/2');
    for (const body of [null, '', 'ok', '[]', '{"url":1}', '{"url":"javascript:alert(1)"}', '{"url":"ftp://x"}', `{"url":"https://x/${'a'.repeat(2000)}"}`, '{"href":"https://x"}']) expect(remoteUrlOf(body)).toBeNull();
  });
});
