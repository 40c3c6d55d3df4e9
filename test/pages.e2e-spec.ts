import request from 'supertest';
import { PASSWORD, TestApp, TestUser, createProgram, createTask, formClient, startApp } from './support/app';

/**
 * The pages over HTTP (no browser): who may open what, sessions and CSRF, and bad form input
 * answered with the form again, a 4xx naming the field, and nothing written.
 */
describe('pages: access, sessions, CSRF and bad input', () => {
  let t: TestApp;
  let xddTask: number;
  let programId: number;

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    xddTask = (
      await createTask(t, programId, {
        ref: 'A.1',
        leadUnitId: t.unitId('Ban Xây dựng Đảng'),
        deadline: 'chậm nhất ngày 20/8/2025',
        text: 'Rà soát hồ sơ đảng viên',
      })
    ).id;
  });
  afterAll(() => t.close());

  async function signedIn(user: TestUser) {
    const c = await formClient(t);
    const res = await c.post('/login', { username: user, password: PASSWORD }).expect(303);
    // The CSRF seed is renewed at sign-in: read the new token from a page, as a browser would.
    const page = await c.agent.get(res.headers.location).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return {
      ...c,
      csrf,
      post: (url: string, body: Record<string, unknown>) =>
        c.agent
          .post(url)
          .type('form')
          .send({ _csrf: csrf, ...body }),
      home: res.headers.location as string,
    };
  }

  it('sends each role to its own first page, and strangers to sign in (then back)', async () => {
    const homes: Record<TestUser, string> = { office: '/office', inspection: '/inspection', xdd: '/unit', congan: '/unit', admin: '/users' };
    for (const [user, home] of Object.entries(homes)) expect((await signedIn(user as TestUser)).home).toBe(home);
    const anon = await request(t.app.getHttpServer()).get(`/tasks/${xddTask}`).expect(303);
    expect(anon.headers.location).toBe(`/login?next=${encodeURIComponent(`/tasks/${xddTask}`)}`);
    const c = await formClient(t);
    const back = await c.post('/login', { username: 'office', password: PASSWORD, next: `/tasks/${xddTask}` }).expect(303);
    expect(back.headers.location).toBe(`/tasks/${xddTask}`);
    // Never off-site.
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const fresh = await formClient(t);
      expect((await fresh.post('/login', { username: 'office', password: PASSWORD, next }).expect(303)).headers.location).toBe('/office');
    }
    // The token seen before signing in is void after it (the seed is renewed).
    await c.post('/logout', {}).expect(403);
  });

  it('guards every page route the router serves: strangers are sent to sign in, posts need the CSRF token', async () => {
    const router = (t.app.getHttpAdapter().getInstance() as any).router ?? (t.app.getHttpAdapter().getInstance() as any)._router;
    const pages: { method: 'get' | 'post'; path: string }[] = [];
    for (const layer of router.stack) {
      const path: string | undefined = layer.route?.path;
      // The API has its own walk (access.e2e-spec); /health is open to load balancers by design (operations.e2e-spec).
      if (!path || path.startsWith('/api') || path.startsWith('/health')) continue;
      for (const m of Object.keys(layer.route.methods)) if (m === 'get' || m === 'post') pages.push({ method: m, path: path.replace(/:[a-z]+/gi, '1') });
    }
    expect(pages.length).toBeGreaterThanOrEqual(25);
    // Signed links and the calendar feed carry their own credential (links.e2e-spec, calendars.e2e-spec).
    const open = new Set(['get /', 'get /login', 'post /login', 'get /r/1', 'post /r/1', 'post /r/1/evidence', 'get /calendar/1']);
    const stranger = await formClient(t);
    for (const { method, path } of pages) {
      const key = `${method} ${path}`;
      // Without the token every post is refused before anything else happens.
      if (method === 'post') expect({ key, status: (await stranger.agent.post(path).type('form').send({})).status }).toEqual({ key, status: 403 });
      if (open.has(key)) continue;
      const res = method === 'get' ? await stranger.agent.get(path) : await stranger.post(path, {});
      expect({ key, status: res.status, to: res.headers.location?.split('?')[0] }).toEqual({ key, status: 303, to: '/login' });
    }
  });

  it('lets each role open only its pages', async () => {
    const pages = [
      '/office',
      '/programs',
      `/programs/${programId}`,
      '/imports/new',
      '/tasks',
      `/tasks/${xddTask}`,
      '/units',
      '/unit',
      '/inspection',
      '/users',
      '/committees',
      '/audit',
      '/account',
    ];
    const allowed: Record<TestUser, string[]> = {
      office: ['/office', '/programs', `/programs/${programId}`, '/imports/new', '/tasks', `/tasks/${xddTask}`, '/units', '/inspection', '/audit', '/account'],
      inspection: ['/programs', `/programs/${programId}`, '/tasks', `/tasks/${xddTask}`, '/inspection', '/audit', '/account'],
      xdd: ['/unit', `/tasks/${xddTask}`, '/account'],
      congan: ['/unit', '/account'],
      admin: ['/units', `/tasks/${xddTask}`, '/users', '/committees', '/audit', '/account'],
    };
    for (const user of Object.keys(allowed) as TestUser[]) {
      const c = await signedIn(user);
      const got: Record<string, number> = {};
      for (const path of pages) got[path] = (await c.agent.get(path)).status;
      const want = Object.fromEntries(pages.map((p) => [p, allowed[user].includes(p) ? 200 : 403]));
      expect({ user, got }).toEqual({ user, got: want });
    }
  });

  it('keeps the session in an HttpOnly, SameSite cookie that opens API reads but never API writes', async () => {
    const c = await formClient(t);
    const res = await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((x) => x.startsWith('dondoc_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    await c.agent.get('/api/compliance/export.csv').expect(200);
    await c.agent.post(`/api/tasks/${xddTask}/confirm`).expect(401);
    await c.agent.patch(`/api/tasks/${xddTask}`).send({ text: 'Đổi qua cookie' }).expect(401);
    // Signing out ends it.
    const page = await c.agent.get('/office').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await c.agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await c.agent.get('/office').expect(303);
  });

  it('refuses every form post without its CSRF token, and changes nothing', async () => {
    const office = await signedIn('office');
    const before = (await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body;
    await office.agent.post(`/tasks/${xddTask}/edit`).type('form').send({ text: 'Đổi nội dung', deadline: '' }).expect(403);
    await office.agent.post(`/tasks/${xddTask}/status`).type('form').send({ transition: 'cancel', reason: 'Không cần nữa' }).expect(403);
    await office.agent.post('/units').type('form').send({ name: 'Đơn vị giả' }).expect(403);
    await office.agent
      .post(`/tasks/${xddTask}/notes`)
      .type('form')
      .send({ _csrf: 'x'.repeat(office.csrf.length), text: 'Ý kiến' })
      .expect(403);
    // Another browser's token does not fit this browser's cookie.
    const other = await signedIn('office');
    await office.agent.post(`/tasks/${xddTask}/notes`).type('form').send({ _csrf: other.csrf, text: 'Ý kiến' }).expect(403);
    expect((await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body).toEqual(before);
    expect((await t.http().get(`/api/tasks/${xddTask}/notes`).set(t.as('office'))).body).toEqual([]);
    expect((await t.http().get('/api/units').set(t.as('office'))).body.some((u: { name: string }) => u.name === 'Đơn vị giả')).toBe(false);
  });

  it('answers bad form input with the form again, a 4xx naming the field, and nothing written', async () => {
    const unit = await signedIn('xdd');
    const bad = await unit.post(`/tasks/${xddTask}/done`, { completedOn: '31/02/2025', resultNote: 'Đã xong' }).expect(400);
    expect(bad.text).toContain('Ngày hoàn thành: phải là ngày có thật dạng ngày/tháng/năm');
    expect(bad.text).toContain('value="31/02/2025"');
    expect(bad.text).toContain('Đã xong</textarea>');
    const future = await unit.post(`/tasks/${xddTask}/done`, { completedOn: '02/09/2025', resultNote: 'Đã xong' }).expect(400);
    expect(future.text).toContain('Ngày hoàn thành: ngày hoàn thành không được sau hôm nay');
    await unit.post(`/tasks/${xddTask}/progress`, { note: '' }).expect(400);
    await unit.post(`/tasks/${xddTask}/report`, { text: 'Báo cáo' }).expect(409);
    // Office-only actions are refused to units, whatever the form says.
    await unit.post(`/tasks/${xddTask}/confirm`, {}).expect(403);
    await unit.post(`/tasks/${xddTask}/edit`, { text: 'Sửa lén', deadline: '' }).expect(403);
    expect((await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body).toMatchObject({
      status: 'not_started',
      version: 1,
      text: 'Rà soát hồ sơ đảng viên',
    });

    const office = await signedIn('office');
    const badEvent = await office.post(`/programs/${programId}/events`, { name: 'Đại hội Đảng bộ phường', date: '32/08/2025' }).expect(400);
    expect(badEvent.text).toContain('Ngày: phải là ngày có thật');
    const badUnit = await office.post('/units', { name: 'Ban Tuyên giáo', emails: 'khong-phai-email' }).expect(400);
    expect(badUnit.text).toContain('Email: phải là địa chỉ email hợp lệ');
    const badEdit = await office.post(`/tasks/${xddTask}/edit`, { text: 'ab', leadUnitId: '999999', deadline: '' }).expect(400);
    expect(badEdit.text).toMatch(/Nội dung: cần ít nhất 3 ký tự/);
    expect(badEdit.text).toContain('maxlength="10000">ab</textarea>');
    const xdd = t.unitId('Ban Xây dựng Đảng');
    const badUnitEdit = await office
      .post(`/units/${xdd}`, { name: 'Ban Xây dựng Đảng', emails: 'banxdd@example.vn\nsai@', aliases: 'Ban XDĐ', active: 'on' })
      .expect(400);
    expect(badUnitEdit.text).toContain('Email: phải là địa chỉ email hợp lệ');
    expect(badUnitEdit.text).toContain('banxdd@example.vn\nsai@</textarea>');
    expect((await t.http().get(`/api/units/${xdd}`).set(t.as('office'))).body.emails).toEqual(['banxaydungdang@example.vn']);
    const badFilter = await office.agent.get('/tasks?status=xong&dueFrom=31/02/2025').expect(400);
    expect(badFilter.text).toContain('Trạng thái: giá trị không hợp lệ');
    expect(badFilter.text).toContain('Hạn từ ngày');
    const noFile = await office.agent.post(`/imports?_csrf=${office.csrf}`).field('kind', 'ke_hoach').field('title', 'Kế hoạch thử').expect(400);
    expect(noFile.text).toContain('Tệp văn bản: cần tải lên một tệp');
    const badFile = await office.agent
      .post(`/imports?_csrf=${office.csrf}`)
      .field('kind', 'ke_hoach')
      .field('title', 'Kế hoạch thử')
      .attach('file', Buffer.from('MZ\x90\x00'), 'virus.exe')
      .expect(400);
    expect(badFile.text).toContain('Tệp văn bản');
    expect((await t.http().get('/api/programs').set(t.as('office'))).body).toHaveLength(1);
    expect((await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body.version).toBe(1);
  });

  it('lets a unit report progress, submit a period report and mark done from its task page', async () => {
    const unit = await signedIn('xdd');
    const periodic = (
      await createTask(t, programId, {
        ref: 'A.4',
        leadUnitId: t.unitId('Ban Xây dựng Đảng'),
        deadline: 'thực hiện thường xuyên',
        text: 'Sinh hoạt chuyên đề hằng quý',
      })
    ).id;
    // The Q3 report is owed from the day its reminder goes out (7 days before 30/09).
    expect((await unit.agent.get('/unit').expect(200)).text).toContain('Báo cáo định kỳ phải nộp (0)');
    t.clock.set('2025-09-25');
    const mine = await unit.agent.get('/unit').expect(200);
    expect(mine.text).toMatch(/Báo cáo định kỳ phải nộp \(1\)[\s\S]*A\.4/);
    const page = await unit.agent.get(`/tasks/${periodic}`).expect(200);
    expect(page.text).toContain('Nộp báo cáo định kỳ');
    const sent = await unit.post(`/tasks/${periodic}/report`, { period: '2025-Q3', text: 'Đã tổ chức 2 buổi sinh hoạt chuyên đề', link: '' }).expect(303);
    expect(sent.headers.location).toBe(`/tasks/${periodic}`);
    const after = await unit.agent.get(`/tasks/${periodic}`).expect(200);
    expect(after.text).toContain('Đã nộp báo cáo định kỳ.');
    // The period as people read it; its code stays in the form's values.
    expect(after.text).toContain('<strong>Quý III/2025</strong>');
    expect(after.text).not.toMatch(/>[^<]*2025-Q3[^<]*</);
    await unit.post(`/tasks/${periodic}/report`, { period: '2025-Q3', text: 'Lần hai' }).expect(409);
    expect((await t.http().get(`/api/tasks/${periodic}/reports`).set(t.as('office'))).body).toEqual([
      expect.objectContaining({ periodKey: '2025-Q3', reportedBy: 'Ban XDĐ', reportedOn: '2025-09-25' }),
    ]);
    t.clock.set('2025-09-01');

    await unit.post(`/tasks/${xddTask}/progress`, { note: 'Đã rà soát 80/120 hồ sơ' }).expect(303);
    await unit.post(`/tasks/${xddTask}/done`, { completedOn: '1/9/2025', resultNote: 'Đã rà soát đủ 120 hồ sơ' }).expect(303);
    expect((await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body).toMatchObject({
      status: 'pending_confirmation',
      completedOn: '2025-09-01',
      progressNote: 'Đã rà soát 80/120 hồ sơ',
    });
    const office = await signedIn('office');
    await office.post(`/tasks/${xddTask}/status`, { transition: 'return', reason: 'Thiếu biên bản rà soát' }).expect(303);
    expect((await t.http().get(`/api/tasks/${xddTask}`).set(t.as('office'))).body).toMatchObject({
      status: 'returned',
      statusReason: 'Thiếu biên bản rà soát',
    });
  });

  it('filters the task list with the API filters, dates typed dd/mm/yyyy', async () => {
    const office = await signedIn('office');
    await createTask(t, programId, {
      ref: 'A.2',
      leadUnitId: t.unitId('Chi bộ Công an phường'),
      deadline: 'trong tháng 12/2025',
      text: 'Tổng kết an ninh trật tự',
    });
    await createTask(t, programId, { ref: 'A.3', text: 'Nhiệm vụ chưa rõ thời hạn', deadline: 'theo hướng dẫn của cấp trên' });
    const list = (q: string) =>
      office.agent
        .get(`/tasks?${q}`)
        .expect(200)
        .then((r) => [...r.text.matchAll(/<td data-label="Số hiệu">([^<]+)<\/td>/g)].map((m) => m[1]));
    expect(await list('')).toEqual(['A.1', 'A.4', 'A.2', 'A.3']); // in document order (as created)
    expect(await list('overdue=true')).toEqual(['A.1']); // returned to the unit: open and overdue again
    expect(await list('status=returned')).toEqual(['A.1']);
    expect(await list(`unit=${t.unitId('Chi bộ Công an phường')}`)).toEqual(['A.2']);
    expect(await list('dueFrom=01/12/2025&dueTo=31/12/2025')).toEqual(['A.2']);
    expect(await list('needsDeadline=true')).toEqual(['A.3']);
    expect(await list('q=an ninh')).toEqual(['A.2']);
    expect(await list('timeliness=overdue&status=returned')).toEqual(['A.1']);
    const one = await office.agent.get(`/inspection?unit=${t.unitId('Ban Xây dựng Đảng')}`).expect(200);
    expect(one.text).toContain('Ban Xây dựng Đảng — 1 quá hạn, 0 nhiệm vụ thiếu báo cáo');
    expect(one.text).toContain('← Tất cả đơn vị');
  });

  it('makes a username wait after 5 wrong passwords in a row from one address', async () => {
    const attempt = async (password: string) => (await formClient(t)).post('/login', { username: 'admin', password });
    for (let i = 0; i < 5; i++) expect((await attempt('sai-mat-khau')).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Vui lòng thử lại sau 30 giây');
    await t.http().post('/api/auth/login').send({ username: 'admin', password: PASSWORD }).expect(429);
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    expect((await attempt(PASSWORD)).status).toBe(303);
    t.clock.set('2025-09-01');
  });
});

describe("the office's confirmation queue", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('2025-09-10');
  });
  afterAll(() => t.close());

  it('lists what units reported done, oldest first, with how long each waits', async () => {
    const programId = await createProgram(t);
    const xdd = t.unitId('Ban Xây dựng Đảng');
    const first = (await createTask(t, programId, { ref: 'A.1', text: 'Rà soát hồ sơ đảng viên', leadUnitId: xdd, deadline: 'trong tháng 9/2025' })).id;
    const second = (
      await createTask(t, programId, { ref: 'A.2', text: 'Tổng hợp danh sách đảng viên miễn sinh hoạt', leadUnitId: xdd, deadline: 'trong tháng 9/2025' })
    ).id;
    await createTask(t, programId, { ref: 'A.3', text: 'Việc chưa làm xong', leadUnitId: xdd, deadline: 'trong tháng 9/2025' });
    // A.2 was reported first: it has waited longest.
    await t.http().post(`/api/tasks/${second}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-03', resultNote: 'Đã tổng hợp xong' }).expect(200);
    await new Promise((r) => setTimeout(r, 1100));
    await t.http().post(`/api/tasks/${first}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-08', resultNote: 'Đã rà soát xong' }).expect(200);
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const page = (await c.agent.get('/office').expect(200)).text;
    const box = page.slice(page.indexOf('Chờ xác nhận hoàn thành'), page.indexOf('id="h-overdue"'));
    expect(box).toContain('Chờ xác nhận hoàn thành (2)');
    expect(box.indexOf('A.2:')).toBeLessThan(box.indexOf('A.1:'));
    expect(box).toContain('báo hoàn thành 03/09/2025 · <strong>chờ 7 ngày</strong>');
    expect(box).not.toContain('A.3');
    // Confirmed, it leaves the queue.
    await t.http().post(`/api/tasks/${second}/confirm`).set(t.as('office')).expect(200);
    expect((await c.agent.get('/office').expect(200)).text).toContain('Chờ xác nhận hoàn thành (1)');
  });
});

describe('user pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('2025-09-10');
  });
  afterAll(() => t.close());

  const signIn = async (username: string, password = PASSWORD) => {
    const c = await formClient(t);
    const res = await c.post('/login', { username, password });
    const page = res.status === 303 ? await c.agent.get(res.headers.location) : null;
    const csrf = page ? /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] : undefined;
    return {
      ...c,
      status: res.status,
      form: (url: string, body: Record<string, unknown>) =>
        c.agent
          .post(url)
          .type('form')
          .send({ _csrf: csrf, ...body }),
    };
  };

  it('lets the admin create a user, change role and unit, reset a password and deactivate', async () => {
    const admin = await signIn('admin');
    expect(admin.status).toBe(303);
    const xdd = t.unitId('Ban Xây dựng Đảng');
    const bad = await admin.form('/users', { username: 'Nguyễn A', displayName: 'A', role: 'unit', unitId: '', password: 'ngan' }).expect(400);
    expect(bad.text).toContain('Tên đăng nhập');
    expect(bad.text).toContain('value="Nguyễn A"');
    await admin
      .form('/users', { username: 'chibo.kp3', displayName: 'Bí thư Chi bộ Khu phố 3', role: 'unit', unitId: String(xdd), password: 'mat-khau-ban-dau-1' })
      .expect(303);
    const list = (await admin.agent.get('/users').expect(200)).text;
    expect(list).toContain('chibo.kp3 — Bí thư Chi bộ Khu phố 3 · Đơn vị (Ban Xây dựng Đảng)');
    const created = (await t.http().get('/api/users').set(t.as('admin')).expect(200)).body.find((u: { username: string }) => u.username === 'chibo.kp3');

    const user = await signIn('chibo.kp3', 'mat-khau-ban-dau-1');
    expect(user.status).toBe(303);
    // Reset: the old password and the open session stop working.
    await admin
      .form(`/users/${created.id}`, { displayName: 'Bí thư Chi bộ Khu phố 3', role: 'unit', unitId: String(xdd), active: 'on', password: 'mat-khau-dat-lai-2' })
      .expect(303);
    expect((await user.agent.get('/unit')).status).toBe(303);
    expect((await signIn('chibo.kp3', 'mat-khau-ban-dau-1')).status).toBe(401);
    expect((await signIn('chibo.kp3', 'mat-khau-dat-lai-2')).status).toBe(303);
    // Deactivate (the checkbox left unticked).
    await admin.form(`/users/${created.id}`, { displayName: 'Bí thư Chi bộ Khu phố 3', role: 'unit', unitId: String(xdd) }).expect(303);
    expect((await signIn('chibo.kp3', 'mat-khau-dat-lai-2')).status).toBe(401);
    expect((await admin.agent.get('/users').expect(200)).text).toContain('(ngừng hoạt động)');
  });

  it('lets the super-admin add a committee with its first admin, rename and move it; that admin only sees the tree', async () => {
    const admin = await signIn('admin');
    const count = async () => (await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body.length;
    const before = await count();
    // Bad input: a name too short and a parent that does not exist; nothing is created.
    const bad = await admin.form('/committees', { name: 'X', parentId: '' }).expect(400);
    expect(bad.text).toContain('tên đảng bộ từ 2 đến 200 ký tự');
    expect(bad.text).toContain('value="X"');
    expect(
      (await admin.form('/committees', { name: 'Đảng bộ phường Hồng Gai', parentId: '9999' }).expect((r) => expect(r.status).toBeGreaterThanOrEqual(400))).text,
    ).toContain('role="alert"');
    expect(await count()).toBe(before);

    await admin.form('/committees', { name: 'Tỉnh ủy Thử nghiệm', parentId: '' }).expect(303);
    const province = (await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body.find((c: { name: string }) => c.name === 'Tỉnh ủy Thử nghiệm');
    await admin
      .form('/committees', {
        name: 'Đảng bộ phường Hồng Gai',
        parentId: String(province.id),
        adminUsername: 'quantri.hg',
        adminPassword: 'mat-khau-quan-tri-1',
      })
      .expect(303);
    // A second committee of the same name under one parent: refused, nothing written.
    const twice = await admin.form('/committees', { name: 'đảng bộ phường  hồng gai', parentId: String(province.id) }).expect(409);
    expect(twice.text).toContain('role="alert"');
    const page = (await admin.agent.get('/committees').expect(200)).text;
    expect(page).toContain('— Đảng bộ phường Hồng Gai');
    const ward = (await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body.find(
      (c: { name: string }) => c.name === 'Đảng bộ phường Hồng Gai',
    );
    expect(ward.parentId).toBe(province.id);
    // Rename, and move the first committee under the province.
    await admin.form(`/committees/${ward.id}`, { name: 'Đảng bộ phường Hồng Gai (mới)', parentId: String(province.id) }).expect(303);
    await admin
      .form(`/committees/${t.committeeId}`, { name: (await t.http().get('/api/committees').set(t.as('admin'))).body[0].name, parentId: String(province.id) })
      .expect(303);
    // A move below itself: refused.
    await admin.form(`/committees/${province.id}`, { name: 'Tỉnh ủy Thử nghiệm', parentId: String(ward.id) }).expect(400);
    const after = (await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body;
    expect(after.find((c: { id: number }) => c.id === ward.id)).toMatchObject({ name: 'Đảng bộ phường Hồng Gai (mới)', parentId: province.id });
    expect(after.find((c: { id: number }) => c.id === t.committeeId).parentId).toBe(province.id);
    expect(after.find((c: { id: number }) => c.id === province.id).parentId).toBeNull();

    // The ward's first admin signs in, sees its place in the tree, and may change none of it.
    const wardAdmin = await signIn('quantri.hg', 'mat-khau-quan-tri-1');
    expect(wardAdmin.status).toBe(303);
    const own = (await wardAdmin.agent.get('/committees').expect(200)).text;
    expect(own).toContain('Đảng bộ phường Hồng Gai (mới)');
    expect(own).not.toContain('Thêm đảng bộ');
    await wardAdmin.form('/committees', { name: 'Đảng bộ lén tạo', parentId: '' }).expect(403);
    expect((await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body.some((c: { name: string }) => c.name === 'Đảng bộ lén tạo')).toBe(false);
    // Back where it was, for the other tests.
    await admin.form(`/committees/${t.committeeId}`, { name: after.find((c: { id: number }) => c.id === t.committeeId).name, parentId: '' }).expect(303);
  });

  it('lets every signed-in user change their own password, and asks for the current one', async () => {
    const me = await signIn('inspection');
    const page = (await me.agent.get('/account').expect(200)).text;
    expect(page).toContain('Mật khẩu hiện tại');
    const wrong = await me
      .form('/account/password', { currentPassword: 'sai-mat-khau', newPassword: 'mat-khau-moi-2026', confirmPassword: 'mat-khau-moi-2026' })
      .expect(400);
    expect(wrong.text).toContain('Mật khẩu hiện tại: mật khẩu hiện tại không đúng');
    const mismatch = await me
      .form('/account/password', { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2026', confirmPassword: 'mat-khau-khac-2026' })
      .expect(400);
    expect(mismatch.text).toContain('không khớp');
    const ok = await me
      .form('/account/password', { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2026', confirmPassword: 'mat-khau-moi-2026' })
      .expect(303);
    expect(ok.headers.location).toBe('/login');
    expect((await me.agent.get('/inspection')).status).toBe(303);
    expect((await signIn('inspection')).status).toBe(401);
    expect((await signIn('inspection', 'mat-khau-moi-2026')).status).toBe(303);
    // The header names the user once, with the link to this page.
    const office = await signIn('office');
    const home = (await office.agent.get('/office').expect(200)).text;
    expect(home).toContain('href="/account"');
  });
});
