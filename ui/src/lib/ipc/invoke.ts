import { invoke as tauriInvoke, type InvokeArgs } from '@tauri-apps/api/core';
import { toDeskError } from './errors';

/**
 * Calls a backend command. Resolves with its result; rejects only with a `DeskError`.
 * Command names are `verb_noun` (`create_case`); argument keys are camelCase, as Tauri
 * maps them onto the Rust parameters.
 */
export async function invoke<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (raw) {
    throw toDeskError(raw, command);
  }
}
