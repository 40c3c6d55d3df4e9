import { Db } from '../src/database/db.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { OFFICE_DIGEST_LIST, SweepService } from '../src/reminders/sweep.service';
import { Unit } from '../src/units/unit.entity';
import { TestApp, createProgram, startApp } from './support/app';
import { TestSmtp } from './support/smtp';

/**
 * The sweep reads a committee's open tasks slice by slice (10,000 per statement) so that a
 * million tasks fit the service's memory. Here 23,000 tasks span three slices: every open task
 * due in 7 days gets its one "before_7" item — none lost or doubled at a slice's edge — and
 * the office's Monday letter counts every task without a deadline but names only the first
 * OFFICE_DIGEST_LIST, pointing to the list page for the rest. Real SMTP server on loopback.
 */
describe('the daily sweep over tens of thousands of tasks', () => {
  const DAY = '2025-09-15'; // a Monday: the office's weekly letter goes out
  const DUE = '2025-09-22'; // 7 days ahead: the before_7 reminder
  const TASKS = 23_000;
  let smtp: TestSmtp;
  let t: TestApp;
  const open: number[] = [];
  const undated: number[] = [];

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp(DAY, { env: { SMTP_URL: await smtp.start(), SENDER_BATCH_SIZE: '200' } });
    const programId = await createProgram(t, { issuedDate: '2025-09-01' });
    const db = t.app.get(Db);
    const units = (await db.manager.find(Unit, { where: { committeeId: t.committeeId, active: true } })).filter((u) => u.emails.length > 0);
    // Task n: every 50th has no readable deadline, every 10th (else) is done, the rest are in
    // progress and due in 7 days; owners in turn over the units that have an address.
    for (let i = 0; i < TASKS; i += 500) {
      const params: Record<string, unknown> = { committeeId: t.committeeId, programId };
      const tuples = Array.from({ length: 500 }, (_, k) => {
        const n = i + k;
        const undatedTask = n % 50 === 0;
        params[`ref${k}`] = `A.${n}`;
        params[`pos${k}`] = n;
        params[`unit${k}`] = units[n % units.length].id;
        params[`kind${k}`] = undatedTask ? 'unknown' : 'date';
        params[`due${k}`] = undatedTask ? null : DUE;
        params[`status${k}`] = undatedTask ? 'not_started' : n % 10 === 0 ? 'done' : 'in_progress';
        return `(:committeeId, :programId, :ref${k}, :pos${k}, 'Nhiệm vụ thử', 'nhiem vu thu', :unit${k}, :kind${k}, :due${k}, :status${k}, 1)`;
      });
      await db.write((m) =>
        db.query(
          `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "scheduleKind", "dueDate", status, version) VALUES ${tuples.join(', ')}`,
          params,
          m,
        ),
      );
    }
    for (const r of await db.query<{ id: number; scheduleKind: string; status: string }>(
      `SELECT id, "scheduleKind", status FROM tasks WHERE "committeeId" = :cid ORDER BY id`,
      { cid: t.committeeId },
    )) {
      if (r.scheduleKind === 'unknown') undated.push(Number(r.id));
      else if (r.status === 'in_progress') open.push(Number(r.id));
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('gives every open task its one reminder, across the slices, and the office a bounded letter', async () => {
    expect(open).toHaveLength(TASKS - TASKS / 10); // the undated (n % 50) are among the n % 10
    expect(undated).toHaveLength(TASKS / 50);
    const [r] = await t.app.get(SweepService).run({ date: DAY });
    const db = t.app.get(Db);
    const logged = await db.query<{ itemKey: string }>(`SELECT "itemKey" FROM reminder_log WHERE "committeeId" = :cid`, { cid: t.committeeId });
    expect(logged.map((l) => l.itemKey).sort()).toEqual(open.map((id) => `${id}:before_7:${DUE}`).sort());
    const reminded = r.messages.filter((m) => m.items.some((i) => i.rule === 'before_7'));
    expect(reminded.reduce((s, m) => s + m.items.length, 0)).toBe(open.length);

    const office = r.messages.find((m) => m.items.some((i) => i.rule === 'needs_deadline'))!;
    expect(office.subject).toBe(`[dondoc] Văn phòng Đảng ủy: ${undated.length} nhiệm vụ cần xác định thời hạn`);
    expect(office.items.map((i) => i.taskId)).toEqual(undated.slice(0, OFFICE_DIGEST_LIST));

    const sent = await t.app.get(OutboxSender).drain();
    expect(sent.sent).toBe(r.written);
    const letter = smtp.received.find((m) => m.key.startsWith('office-deadlines:'))!;
    expect(letter.text).toContain(`… và ${undated.length - OFFICE_DIGEST_LIST} nhiệm vụ khác: http`);
    expect(letter.text).toContain('/tasks?needsDeadline=true');
    expect(letter.html).toContain('xem toàn bộ danh sách');
    // The last named task is the 200th undated one; the 201st is not in the letter.
    expect(letter.text).toContain(`/tasks/${undated[OFFICE_DIGEST_LIST - 1]}\n`);
    expect(letter.text).not.toContain(`/tasks/${undated[OFFICE_DIGEST_LIST]}\n`);
  }, 120_000);

  it('plans nothing twice when the day is swept again', async () => {
    const [again] = await t.app.get(SweepService).run({ date: DAY });
    expect(again.written).toBe(0);
    expect(again.messages.filter((m) => m.items.some((i) => i.rule === 'before_7'))).toHaveLength(0);
  });
});
