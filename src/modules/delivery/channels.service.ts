import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../../common/pagination/pagination.js';
import type { BacklogItem, BacklogPage, ChannelState, ChannelSummary, EntryChannel } from './channels.dto.js';
import { ChannelsRepository, type EntryChannelRow } from './channels.repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** An entry's state on one receiver: its revocation's once revoked (withdrawn when delivered), else its publication's. */
export function channelState(r: Pick<EntryChannelRow, 'publication' | 'revocation'>): ChannelState {
  if (r.revocation) return r.revocation === 'delivered' ? 'withdrawn' : r.revocation;
  return r.publication;
}

/** Publication channels (Art. 23): where each catalogue entry stands on each receiver, and what has not reached them yet. */
@Injectable()
export class ChannelsService {
  constructor(private readonly repo: ChannelsRepository) {}

  async ofEntry(indexNo: string): Promise<EntryChannel[]> {
    if (!(await this.repo.entryExists(indexNo))) throw notFound('catalogue entry');
    return (await this.repo.ofEntry(indexNo)).map((r) => {
      const state = channelState(r);
      return {
        channel: r.channel,
        subscriberId: r.subscriberId,
        description: r.description,
        state,
        deliveredAt: iso(r.deliveredAt),
        withdrawnAt: state === 'withdrawn' ? iso(r.withdrawnAt) : null,
        remoteUrl: r.remoteUrl,
        lastError: state === 'delivered' || state === 'withdrawn' ? null : r.revocation ? r.revocationError : r.lastError,
        attempts: r.attempts,
      };
    });
  }

  summary(): Promise<ChannelSummary[]> {
    return this.repo.summary();
  }

  async backlog(q: { channel?: string; limit: number; cursor?: string }): Promise<BacklogPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const rows = await this.repo.backlog({ channel: q.channel, after, limit: q.limit + 1 });
    const items: (BacklogItem & { cursorTs: string })[] = [];
    for (const r of rows) {
      let item = items[items.length - 1];
      if (!item || item.indexNo !== r.indexNo) {
        item = { indexNo: r.indexNo, title: r.title, publishedAt: new Date(r.publishedAt).toISOString(), cursorTs: r.cursorTs, channels: [] };
        items.push(item);
      }
      item.channels.push({ channel: r.channel, subscriberId: r.subscriberId, state: r.status, lastError: r.lastError, attempts: r.attempts, waiting: r.waiting });
    }
    const more = items.length > q.limit;
    const page = more ? items.slice(0, q.limit) : items;
    const last = page[page.length - 1];
    return { items: page.map(({ cursorTs: _c, ...i }) => i), nextCursor: more && last ? encodeCursor([last.cursorTs, last.indexNo]) : null };
  }
}
