import { PASSWORD, TestApp, createProgram, createTask, formClient, startApp } from './support/app';

/** The VEVENTs of an iCalendar text (lines unfolded, RFC 5545 §3.1), each as its properties. */
function events(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const i = l.indexOf(':');
      cur[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  return out;
}

describe('a unit’s calendar feed (iCalendar, RFC 5545) behind a revocable token', () => {
  let t: TestApp;
  let xdd: number;
  let ids: Record<string, number>;
  const path = (url: string) => new URL(url).pathname;
  const issue = (user: 'xdd' | 'office' | 'congan' | 'inspection', unit = xdd) => t.http().post(`/api/units/${unit}/calendar-token`).set(t.as(user));

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    xdd = t.unitId('Ban Xây dựng Đảng');
    const programId = await createProgram(t);
    const make = async (ref: string, deadline: string, leadUnitId = xdd) =>
      (await createTask(t, programId, { ref, leadUnitId, text: `Nhiệm vụ ${ref}`, deadline })).id;
    ids = {
      window: await make('1', 'hoàn thành trong tháng 10/2025'),
      date: await make('2', 'chậm nhất ngày 15/9/2025'),
      continuous: await make('3', 'thực hiện thường xuyên'),
      done: await make('4', 'hoàn thành trong tháng 9/2025'),
      other: await make('5', 'hoàn thành trong tháng 9/2025', t.unitId('Chi bộ Công an phường')),
      unknown: await make('6', 'sớm'),
    };
    await t.http().post(`/api/tasks/${ids.done}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-01', resultNote: 'Đã xong' }).expect(200);
    await t.http().post(`/api/tasks/${ids.continuous}/reports`).set(t.as('xdd')).send({ period: '2025-Q3', text: 'Báo cáo quý III' }).expect(201);
  });
  afterAll(() => t.close());

  it('gives the unit a link whose feed holds one event per open due date and per report still owed', async () => {
    const { url } = (await issue('xdd').expect(200)).body;
    expect(url).toMatch(/^https?:\/\/[^/]+\/calendar\/[\w.-]+\.ics$/);
    const res = await t.http().get(path(url)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    const ev = events(res.text);
    const byUid = new Map(ev.map((e) => [e.UID.split('@')[0], e]));
    expect(byUid.get(`task-${ids.window}-due`)).toMatchObject({ 'DTSTART;VALUE=DATE': '20251031', SUMMARY: 'Hạn: 1 Nhiệm vụ 1' });
    expect(byUid.get(`task-${ids.date}-due`)).toMatchObject({ 'DTSTART;VALUE=DATE': '20250915' });
    // Quarterly reports of the continuous task: Q3 was made; Q4 2025 onward are owed.
    expect(byUid.has(`task-${ids.continuous}-report-2025-Q3`)).toBe(false);
    expect(byUid.get(`task-${ids.continuous}-report-2025-Q4`)).toMatchObject({
      'DTSTART;VALUE=DATE': '20251231',
      SUMMARY: expect.stringMatching(/^Báo cáo quý IV\/2025: 3 /i),
    });
    // Not the done task, not another unit's, not one without a date.
    for (const k of [ids.done, ids.other, ids.unknown]) expect([...byUid.keys()].some((u) => u.startsWith(`task-${k}-`))).toBe(false);
    expect(ev.every((e) => e.DTSTAMP && e.UID.includes('@'))).toBe(true);
  });

  it('lets the office issue it too, and a new link or a revocation ends the old one', async () => {
    const first = (await issue('xdd').expect(200)).body.url;
    await t.http().get(path(first)).expect(200);
    const second = (await issue('office').expect(200)).body.url;
    expect(second).not.toBe(first);
    const gone = await t.http().get(path(first)).expect(404);
    expect(gone.body.message).toMatch(/Đường dẫn lịch không đúng hoặc đã bị thu hồi/);
    await t.http().get(path(second)).expect(200);
    await t.http().delete(`/api/units/${xdd}/calendar-token`).set(t.as('xdd')).expect(200);
    await t.http().get(path(second)).expect(404);
  });

  it('refuses other units and roles, wrong tokens, and the token anywhere but the feed', async () => {
    await issue('congan').expect(403);
    await issue('inspection').expect(403);
    await issue('office', 999999).expect(404);
    const { url } = (await issue('xdd').expect(200)).body;
    const token = path(url)
      .replace('/calendar/', '')
      .replace(/\.ics$/, '');
    await t
      .http()
      .get(`/calendar/${token.slice(0, -3)}abc.ics`)
      .expect(404);
    await t.http().get('/calendar/not-a-token.ics').expect(404);
    await t
      .http()
      .get('/api/tasks')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    await t
      .http()
      .get('/unit')
      .set({ Cookie: `dondoc_session=${token}` })
      .expect(303);
  });

  it('shows the link on the unit page, and makes a new one from there', async () => {
    const c = await formClient(t);
    await c.post('/login', { username: 'xdd', password: PASSWORD }).expect(303);
    const page = await c.agent.get('/unit').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const shown = /id="calendar-url" readonly value="([^"]+)"/.exec(page.text)?.[1];
    expect(shown).toMatch(/\/calendar\/[\w.-]+\.ics$/);
    await t
      .http()
      .get(path(shown!.replace(/&amp;/g, '&')))
      .expect(200);
    const res = await c.agent.post('/unit/calendar').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    await t.http().get(path(shown!)).expect(404);
  });
});
