// C4 `/v1/sessions/{id}` and `/v1/sessions/{id}/recording`.
import type { RequestOptions } from '../core.js';
import type { Recording, Session } from '../types.js';
import { APIResource, segment } from './resource.js';

export class Sessions extends APIResource {
  /**
   * A call's or a web visitor's session: status, duration, transcript, recording state.
   *
   * @example
   * ```ts
   * const session = await kataven.sessions.get(sessionId);
   * for (const line of session.transcript) console.log(`${line.speaker}: ${line.text}`);
   * ```
   */
  get(sessionId: string, options?: RequestOptions): Promise<Session> {
    return this.core.request('GET', `/v1/sessions/${segment(sessionId)}`, {}, options);
  }

  /**
   * A URL of the session's recording, signed for five minutes. `NotFoundError` when there is none,
   * `ConflictError` (`recording_not_ready`) while it is being made, `ServiceUnavailableError` when the hub
   * cannot store recordings.
   *
   * @example
   * ```ts
   * const { url, expires_at } = await kataven.sessions.recording(sessionId);
   * const wav = await (await fetch(url)).arrayBuffer();
   * ```
   */
  recording(sessionId: string, options?: RequestOptions): Promise<Recording> {
    return this.core.request('GET', `/v1/sessions/${segment(sessionId)}/recording`, {}, options);
  }
}
