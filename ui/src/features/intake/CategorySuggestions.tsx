import { BulbOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import { categoryLabel } from '../../lib/desk/labels';
import type { CategorySuggestion } from '../../lib/ipc/bindings/CategorySuggestion';
import { suggestCategories } from '../../lib/ipc/commands';
import { useT } from '../../locales/i18n';

/** How long typing must pause before suggestions are asked for. */
const SUGGEST_DELAY_MS = 300;

/**
 * 智能分类建议 for the subject and description typed, asked for once typing pauses, while
 * `wanted` (no category picked by hand) and there is text. A late answer for older text is
 * dropped; a failure just means no suggestions (they never hold up typing or saving). The last
 * suggestions stay on screen until the next answer, so they do not flicker while typing.
 */
export function useCategorySuggestions(subject: string, description: string, wanted: boolean): CategorySuggestion[] {
  const [suggestions, setSuggestions] = useState<CategorySuggestion[]>([]);
  const asked = useRef(0);
  useEffect(() => {
    const ticket = ++asked.current;
    const s = subject.trim();
    const d = description.trim();
    if (!wanted || (!s && !d)) {
      setSuggestions([]);
      return;
    }
    const timer = window.setTimeout(() => {
      suggestCategories(s, d)
        .then((found) => ticket === asked.current && setSuggestions(found))
        .catch(() => ticket === asked.current && setSuggestions([]));
    }, SUGGEST_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [subject, description, wanted]);
  return suggestions;
}

/** The cascader's value for a suggestion: `[category]` or `[category, sub-category]`. */
export function suggestionValue(s: CategorySuggestion): string[] {
  return s.subcategory ? [s.category, s.subcategory] : [s.category];
}

/** A share as a whole percentage; a share above nothing that rounds to 0% shows as `<1%`, not as none at all. */
function percent(p: number): string {
  const share = Math.max(0, Math.min(1, p));
  const whole = Math.round(share * 100);
  return whole === 0 && share > 0 ? '<1%' : `${whole}%`;
}

/**
 * The suggestions as buttons with their share, most likely first; Alt+1 … Alt+3 pick them (the
 * page listens). They are not Tab stops: they come and go as the clerk types, and Tab must
 * always go the same way through the form.
 */
export function CategorySuggestions({
  suggestions,
  current,
  onPick,
}: {
  suggestions: CategorySuggestion[];
  /** The cascader's value now, to mark the suggestion it came from. */
  current: string[] | undefined;
  onPick: (s: CategorySuggestion) => void;
}) {
  const t = useT();
  const { catalog, locale } = useDesk();
  if (!suggestions.length) return null;
  const tree = catalog.classification;
  // The desk's own words in the window's language; the backend's (Chinese) label if the tree lacks it.
  const labelOf = (s: CategorySuggestion) =>
    tree.categories.some((c) => c.code === s.category) ? categoryLabel(tree, s.category, s.subcategory, locale) : s.label;
  const isCurrent = (s: CategorySuggestion) => current?.[0] === s.category && (current?.[1] ?? null) === (s.subcategory ?? null);

  return (
    <div className="desk-suggestions" data-testid="intake-suggestions" role="group" aria-label={t('intake.suggestions.title')}>
      <Flex align="center" gap={8} wrap>
        <Typography.Text type="secondary">
          <BulbOutlined /> {t('intake.suggestions.title')}
        </Typography.Text>
        {suggestions.map((s, i) => {
          const label = labelOf(s);
          const picked = isCurrent(s);
          return (
            <Button
              key={`${s.category}/${s.subcategory ?? ''}`}
              size="small"
              type={picked ? 'primary' : 'default'}
              tabIndex={-1}
              aria-pressed={picked}
              aria-keyshortcuts={`Alt+${i + 1}`}
              title={t('intake.suggestions.pick', { label, n: i + 1 })}
              data-testid={`intake-suggestion-${i + 1}`}
              onClick={() => onPick(s)}
            >
              {label}
              <span className="desk-suggestion-share">{percent(s.probability)}</span>
              <Typography.Text keyboard className="desk-key-hint">
                Alt+{i + 1}
              </Typography.Text>
            </Button>
          );
        })}
      </Flex>
      <Typography.Text type="secondary" className="desk-suggestions-note">
        {t('intake.suggestions.note')}
      </Typography.Text>
    </div>
  );
}
