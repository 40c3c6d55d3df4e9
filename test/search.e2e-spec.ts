import { Db } from '../src/database/db.service';
import { SEARCH_COUNT_CAP } from '../src/tasks/tasks.service';
import { TestApp, createProgram, formClient, PASSWORD, startApp } from './support/app';

/**
 * Text search over many tasks: a phrase few contain goes through the search index and is
 * counted exactly; a phrase more than SEARCH_COUNT_CAP tasks contain is matched row by row as
 * the list walks its order, counted up to the cap ("hơn 1.000"), and paged on.
 */
describe('text search: a common phrase is counted up to a cap, a rare one exactly', () => {
  let t: TestApp;
  let programId: number;
  const xdd = () => t.unitId('Ban Xây dựng Đảng');
  const get = async (query: string) => (await t.http().get(`/api/tasks?${query}`).set(t.as('office')).expect(200)).body;

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t, { issuedDate: '2025-07-01' });
    // 1,300 tasks: every other one about "kiểm tra, giám sát", one in a hundred led by Ban Xây dựng Đảng.
    const db = t.app.get(Db);
    for (let from = 0; from < 1300; from += 100) {
      const rows = Array.from({ length: 100 }, (_, k) => from + k).map((n) => {
        const topic = n % 2 === 0 ? 'Kiểm tra giám sát việc thực hiện' : 'Tuyên truyền kỷ niệm';
        const unit = n % 100 === 0 ? xdd() : 'NULL';
        return `(${t.committeeId}, ${programId}, '${n + 1}', ${n + 1}, '${topic} số ${n + 1}', '${n + 1} ${topic === 'Tuyên truyền kỷ niệm' ? 'tuyen truyen ky niem' : 'kiem tra giam sat viec thuc hien'} so ${n + 1}', ${unit}, 'unknown', 'not_started', 1)`;
      });
      await db.write((m) =>
        m.query(
          `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "scheduleKind", status, version) VALUES ${rows.join(', ')}`,
        ),
      );
    }
  });
  afterAll(() => t.close());

  it('counts a rare phrase exactly, through the index', async () => {
    const page = await get('q=so 1234');
    expect(page).toMatchObject({ total: 1 });
    expect(page.totalCapped).toBeUndefined();
    expect(page.items[0].text).toBe('Tuyên truyền kỷ niệm số 1234');
  });

  it('gives a common phrase as "more than" the cap, pages in document order, every item a match', async () => {
    const first = await get(`q=${encodeURIComponent('kiểm tra giám sát')}`);
    // 650 tasks contain it: fewer than the cap, counted exactly.
    expect(first.total).toBe(650);
    const common = await get(`q=${encodeURIComponent('số')}`);
    expect(common).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, page: 1, pageSize: 50 });
    expect(common.items.map((x: { ref: string }) => x.ref)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
    const page3 = await get(`q=${encodeURIComponent('số')}&page=3`);
    expect(page3.items.map((x: { ref: string }) => x.ref)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 101)));
    for (const x of [...common.items, ...page3.items]) expect(x.text).toMatch(/số \d+$/);
  });

  it('counts exactly again when other filters leave few matches of a common phrase', async () => {
    const page = await get(`q=${encodeURIComponent('số')}&unit=${xdd()}`);
    expect(page.total).toBe(13);
    expect(page.totalCapped).toBeUndefined();
    expect(page.items.every((x: { leadUnit: { id: number } }) => x.leadUnit.id === xdd())).toBe(true);
  });

  it('says "hơn 1.000" on the page and offers the next page', async () => {
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const html = (await c.agent.get(`/tasks?q=${encodeURIComponent('số')}`).expect(200)).text;
    expect(html).toContain('Hơn 1.000 nhiệm vụ khớp — trang 1.');
    expect(html).toContain('rel="next"');
  });
});
