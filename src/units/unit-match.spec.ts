import { matchUnit } from './unit-match';

const UNITS = [
  { id: 1, name: 'Ủy ban Kiểm tra Đảng ủy', aliases: ['UBKT', 'Ủy ban Kiểm tra'] },
  { id: 2, name: 'Đảng bộ UBND phường', aliases: ['Đảng ủy UBND phường'] },
  { id: 3, name: 'Văn phòng Đảng ủy', aliases: ['VPĐU'] },
];

describe('matchUnit', () => {
  it.each([
    ['Ủy ban Kiểm tra Đảng ủy', 1],
    ['Uỷ ban kiểm tra Đảng uỷ', 1],
    ['  ủy  ban   kiểm tra  đảng ủy: ', 1],
    ['ubkt', 1],
    ['Đảng uỷ UBND phường', 2],
    ['VPĐU', 3],
    ['vpdu', 3],
  ])('%j → unit %i', (name, id) => expect(matchUnit(UNITS, name)?.id).toBe(id));

  it('returns null for names of no unit', () => {
    expect(matchUnit(UNITS, 'Chi bộ Khu phố 3')).toBeNull();
    expect(matchUnit(UNITS, '')).toBeNull();
  });
});
