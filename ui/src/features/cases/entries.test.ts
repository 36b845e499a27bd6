import { describe, expect, it } from 'vitest';
import { entryKindsFor, toNoteInput } from './entries';

describe('entryKindsFor()', () => {
  it.each([
    // can_note, can_record_handling → kinds offered
    [true, true, ['note', 'contact', 'investigation', 'site_visit', 'referral']],
    [true, false, ['note', 'contact']],
    [false, true, ['investigation', 'site_visit', 'referral']],
    [false, false, []],
  ])('with can_note %s and can_record_handling %s offers %j', (canNote, canRecordHandling, kinds) => {
    expect(entryKindsFor({ can_note: canNote, can_record_handling: canRecordHandling })).toEqual(kinds);
  });
});

describe('toNoteInput()', () => {
  it('sends a note as it was typed, internal or not', () => {
    expect(toNoteInput({ kind: 'note', text: '已联系维保', internal: true, contactMethod: 'phone', department: '工程部' })).toEqual({
      kind: 'note',
      text: '已联系维保',
      internal: true,
    });
  });

  it('sends a contact with how the customer was reached, and never as internal', () => {
    expect(toNoteInput({ kind: 'contact', text: '告知进度', internal: true, contactMethod: 'phone', department: '工程部' })).toEqual({
      kind: 'contact',
      text: '告知进度',
      internal: false,
      contact_method: 'phone',
    });
  });

  it('sends a referral with its department, and other handling actions without one', () => {
    expect(toNoteInput({ kind: 'referral', text: '转工程部', internal: false, department: '工程部' })).toEqual({
      kind: 'referral',
      text: '转工程部',
      internal: false,
      department: '工程部',
    });
    expect(toNoteInput({ kind: 'site_visit', text: '到场查看', internal: true, department: '工程部' })).toEqual({
      kind: 'site_visit',
      text: '到场查看',
      internal: true,
    });
  });

  it('leaves a missing contact method out, so that the backend names the field it needs', () => {
    expect(toNoteInput({ kind: 'contact', text: '告知进度', internal: false })).not.toHaveProperty('contact_method');
  });
});
