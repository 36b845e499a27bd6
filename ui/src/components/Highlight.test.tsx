import { renderWithDesk } from '../testing/renderWithDesk';
import '../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Highlight, highlightParts, matchesAny, searchTerms } from './Highlight';

afterEach(cleanup);

const marked = () => screen.queryAllByTestId('search-hit').map((m) => m.textContent);

describe('searchTerms()', () => {
  it('splits a search at spaces and punctuation, lower-cased, each word once', () => {
    expect(searchTerms('TS-2026-000123')).toEqual(['ts', '2026', '000123']);
    expect(searchTerms('  电梯  8000 电梯 ')).toEqual(['电梯', '8000']);
    expect(searchTerms(undefined), 'no search, no words').toEqual([]);
    expect(searchTerms('，。'), 'punctuation alone is no word').toEqual([]);
  });
});

describe('highlightParts()', () => {
  it('cuts the text at every match, ignoring case', () => {
    expect(highlightParts('TS-2026-000123', ['000123'])).toEqual([
      { text: 'TS-2026-', match: false },
      { text: '000123', match: true },
    ]);
    expect(highlightParts('Elevator', ['elev'])).toEqual([
      { text: 'Elev', match: true },
      { text: 'ator', match: false },
    ]);
  });

  it('finds a tail in a masked phone and leaves a text without a match whole', () => {
    expect(highlightParts('138****8000', ['8000']).filter((p) => p.match)).toEqual([{ text: '8000', match: true }]);
    expect(highlightParts('陈女士', ['8000'])).toEqual([{ text: '陈女士', match: false }]);
    expect(matchesAny('13800138000', ['38000']), 'a five-digit tail matches').toBe(true);
    expect(matchesAny(null, ['8000']), 'no phone, no match').toBe(false);
  });

  it('takes a search word as text, never as a pattern', () => {
    expect(highlightParts('a+b (c)', ['a+b', '(c)']).filter((p) => p.match).map((p) => p.text)).toEqual(['a+b', '(c)']);
    expect(highlightParts('abc', ['.*']), 'a pattern-looking word matches only itself').toEqual([{ text: 'abc', match: false }]);
  });
});

describe('<Highlight>', () => {
  it('marks what the search matched and shows the rest as text', () => {
    renderWithDesk(<Highlight text="陈女士 <b>8000</b>" terms={['8000']} />);
    expect(marked()).toEqual(['8000']);
    expect(document.body.textContent, 'markup in the text stays text').toContain('<b>8000</b>');
    expect(document.querySelector('b'), 'nothing is rendered as markup').toBeNull();
  });

  it('marks nothing without a match', () => {
    renderWithDesk(<Highlight text="电梯停运" terms={['漏水']} />);
    expect(marked()).toEqual([]);
    expect(document.body.textContent).toContain('电梯停运');
  });
});
