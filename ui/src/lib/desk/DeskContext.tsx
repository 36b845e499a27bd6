import { createContext, useContext } from 'react';
import type { Locale } from '../../locales/index';
import type { AppState } from '../ipc/bindings/AppState';
import type { Catalog } from '../ipc/bindings/Catalog';

/** What every screen of a set-up desk needs: who is working, the catalog to label and fill forms. */
export interface Desk {
  state: AppState;
  catalog: Catalog;
  locale: Locale;
  /** Reloads the app state and catalog, e.g. after switching user. */
  reload: () => Promise<void>;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk() is used outside the desk shell');
  return desk;
}
