import type { ImprovementStatus } from '../../lib/ipc/bindings/ImprovementStatus';
import type { MessageKey } from '../../locales/index';

export type Mover = 'owner' | 'overseer';

/** The five statuses, in the order of an item's life, for the filter. */
export const STATUSES: readonly ImprovementStatus[] = ['open', 'in_progress', 'done', 'verified', 'ineffective'];

/**
 * The moves the backend declares (`domain::improvement::MOVES`), to offer only the buttons that
 * can work. The backend checks every move again and its refusal is what the user reads.
 */
const MOVES: readonly { from: ImprovementStatus; to: ImprovementStatus; by: readonly Mover[] }[] = [
  { from: 'open', to: 'in_progress', by: ['owner', 'overseer'] },
  { from: 'open', to: 'done', by: ['owner', 'overseer'] },
  { from: 'in_progress', to: 'done', by: ['owner', 'overseer'] },
  { from: 'done', to: 'verified', by: ['overseer'] },
  { from: 'done', to: 'ineffective', by: ['overseer'] },
  { from: 'done', to: 'in_progress', by: ['owner', 'overseer'] },
  { from: 'ineffective', to: 'in_progress', by: ['overseer'] },
];

/** Where an item in `from` can go for a user who is `movers`. */
export function movesFrom(from: ImprovementStatus, movers: readonly Mover[]): ImprovementStatus[] {
  return MOVES.filter((m) => m.from === from && m.by.some((b) => movers.includes(b))).map((m) => m.to);
}

/** A move back into work (from 已完成 or 无效) is 退回整改; any other is named by its target. */
export function moveLabelKey(from: ImprovementStatus, to: ImprovementStatus): MessageKey {
  if (to === 'in_progress' && (from === 'done' || from === 'ineffective')) return 'improvements.move.back';
  return `improvements.move.${to}` as MessageKey;
}

/** Tag colours: to do blue, in work orange, done cyan, verified green, ineffective red. */
export const STATUS_COLOR: Record<ImprovementStatus, string> = {
  open: 'blue',
  in_progress: 'orange',
  done: 'cyan',
  verified: 'green',
  ineffective: 'red',
};
