import { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import type { CommitteeSettings } from './settings';

export interface CommitteeNode {
  id: number;
  name: string;
  parentId: number | null;
  /** 0 for the committee asked about, 1 for its children, … */
  depth: number;
}

/** The rows of both tree queries as numbers (the drivers may hand back integers as strings). */
const nodes = (rows: CommitteeNode[]): CommitteeNode[] =>
  rows.map((r) => ({ id: Number(r.id), name: r.name, parentId: r.parentId === null ? null : Number(r.parentId), depth: Number(r.depth) }));

/**
 * The SQL of the committee tree (named parameters, both databases): WITH RECURSIVE walks it
 * in one statement, so a province's 54 wards cost one query, not one per level.
 */
export class CommitteesRepository {
  constructor(private readonly db: Db) {}

  /** The committee and every committee below it, at any depth (parents before children). */
  descendants(rootId: number, m?: EntityManager): Promise<CommitteeNode[]> {
    return this.db
      .query<CommitteeNode>(
        `WITH RECURSIVE tree (id, name, "parentId", depth) AS (
           SELECT id, name, "parentId", 0 FROM committees WHERE id = :rootId
           UNION ALL
           SELECT c.id, c.name, c."parentId", tree.depth + 1 FROM committees c JOIN tree ON c."parentId" = tree.id WHERE tree.depth < 32
         )
         SELECT id, name, "parentId", depth FROM tree ORDER BY depth, id`,
        { rootId },
        m,
      )
      .then(nodes);
  }

  /** The committee and its ancestors, nearest first (itself, its parent, …, the root). */
  ancestors(id: number, m?: EntityManager): Promise<CommitteeNode[]> {
    return this.db
      .query<CommitteeNode>(
        `WITH RECURSIVE up (id, name, "parentId", depth) AS (
           SELECT id, name, "parentId", 0 FROM committees WHERE id = :id
           UNION ALL
           SELECT c.id, c.name, c."parentId", up.depth + 1 FROM committees c JOIN up ON c.id = up."parentId" WHERE up.depth < 32
         )
         SELECT id, name, "parentId", depth FROM up ORDER BY depth`,
        { id },
        m,
      )
      .then(nodes);
  }

  /** Whether `id` is `rootId` or lies below it. */
  async isWithin(rootId: number, id: number): Promise<boolean> {
    if (rootId === id) return true;
    return (await this.ancestors(id)).some((a) => a.id === rootId);
  }

  /** The committee and its ancestors with their own settings, nearest first (settings.ts resolves them). */
  async settingsChain(id: number, m?: EntityManager): Promise<{ id: number; settings: CommitteeSettings | null }[]> {
    const rows = await this.db.query<{ id: number; settings: string | null }>(
      `WITH RECURSIVE up (id, settings, "parentId", depth) AS (
         SELECT id, settings, "parentId", 0 FROM committees WHERE id = :id
         UNION ALL
         SELECT c.id, c.settings, c."parentId", up.depth + 1 FROM committees c JOIN up ON c.id = up."parentId" WHERE up.depth < 32
       )
       SELECT id, settings FROM up ORDER BY depth`,
      { id },
      m,
    );
    // simple-json is text on both databases.
    return rows.map((r) => ({ id: Number(r.id), settings: r.settings ? (JSON.parse(r.settings) as CommitteeSettings) : null }));
  }

  /** The installation's first committee (the CLIs' default; config/reminders.yaml's overrides are its). */
  async firstId(m?: EntityManager): Promise<number | null> {
    const [row] = await this.db.query<{ id: number | null }>(`SELECT MIN(id) AS id FROM committees`, {}, m);
    return row?.id === null || row?.id === undefined ? null : Number(row.id);
  }
}
