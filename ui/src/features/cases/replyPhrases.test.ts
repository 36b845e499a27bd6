import { describe, expect, it } from 'vitest';
import type { ReplyTemplates } from '../../lib/ipc/bindings/ReplyTemplates';
import { insertPhrase, isPhraseField, phrasesFor } from './replyPhrases';

const sets: ReplyTemplates[] = [
  { category: '', decision_basis: ['依据公司服务承诺', '依据《物业服务合同》'], outcome: ['感谢您的监督'] },
  { category: 'repair', decision_basis: ['依据《物业服务合同》', '依据电梯维保协议'], outcome: [] },
];

describe('reply phrases', () => {
  it('offers the category’s phrases, then the general ones it does not already have', () => {
    expect(phrasesFor(sets, 'repair', 'decision_basis')).toEqual({
      own: ['依据《物业服务合同》', '依据电梯维保协议'],
      general: ['依据公司服务承诺'],
    });
    expect(phrasesFor(sets, 'repair', 'outcome')).toEqual({ own: [], general: ['感谢您的监督'] });
    expect(phrasesFor(sets, 'fees', 'decision_basis').own).toEqual([]);
    expect(phrasesFor([], 'repair', 'outcome')).toEqual({ own: [], general: [] });
  });

  it('inserts at the caret and keeps every character typed', () => {
    expect(insertPhrase('经核实，。', '依据合同', 4)).toEqual({ text: '经核实，依据合同。', caret: 8 });
    expect(insertPhrase('已处理', '并致歉', 99)).toEqual({ text: '已处理并致歉', caret: 6 });
    expect(insertPhrase('', '依据合同', 0)).toEqual({ text: '依据合同', caret: 4 });
  });

  it('knows which step fields have phrases', () => {
    expect(['facts', 'decision_basis', 'outcome', 'remedy'].filter(isPhraseField)).toEqual(['decision_basis', 'outcome']);
  });
});
